/**
 * dist/ is committed (the action runs it from a clean clone): it must be exactly what
 * `npm run package` builds from the current sources, and it must run without node_modules.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { runLabelChecks } from '../src/checks/labels.js';
import { columnBuffers, packBoxes } from '../src/box-columns.js';
import { imageStage } from '../src/checks/stages.js';
import { analyze, readForCheck, resolveConfig } from '../src/engine.js';
import { runOptionsSchema } from '../src/options.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('dist/ bundles are up to date with src/ (run `npm run package` when this fails)', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'dqc-dist-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts/bundle.mjs'), '--out', out, '--bundles-only'], { stdio: 'pipe' });
    for (const f of ['index.js', 'cli.js', 'cli-main.js', 'scan-worker.js', 'check-worker.js', 'package.json']) {
      const committed = path.join(root, 'dist', f);
      assert.ok(existsSync(committed), `dist/${f} is missing: run npm run package`);
      assert.ok(readFileSync(committed).equals(readFileSync(path.join(out, f))), `dist/${f} is stale: run npm run package and commit dist/`);
      // a bundle naming this checkout's folder would be stale in every other clone
      assert.ok(!readFileSync(committed, 'utf8').includes(root), `dist/${f} names the folder ${root}: the build must not depend on where the repository is`);
    }
    for (const pkg of ['sharp', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'])
      assert.ok(existsSync(path.join(root, 'dist/node_modules', pkg, 'package.json')), `dist/node_modules/${pkg} is missing`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the bundled CLI runs from a copy of dist/ alone (no node_modules around it)', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dqc-distrun-'));
  try {
    execFileSync('cp', ['-r', path.join(root, 'dist'), path.join(tmp, 'dist')]);
    const r = spawnSync(process.execPath, [path.join(tmp, 'dist/cli.js'), 'check', path.join(root, 'fixtures/yolo-demo'), '--format', 'json', '--cache-dir', path.join(tmp, 'cache')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      cwd: tmp,
    });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.summary.images, 37);
    assert.equal(report.scan.images, 37);
    assert.equal(report.scan.decoded, 37);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the bundled CLI decodes in worker threads (dist/scan-worker.js) from a copy of dist/ alone', async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dqc-distpool-'));
  try {
    execFileSync('cp', ['-r', path.join(root, 'dist'), path.join(tmp, 'dist')]);
    // 60 distinct images: enough for the thread pool (fewer are decoded inline)
    const data = path.join(tmp, 'data');
    mkdirSync(path.join(data, 'images/train'), { recursive: true });
    mkdirSync(path.join(data, 'labels/train'), { recursive: true });
    writeFileSync(path.join(data, 'data.yaml'), 'path: .\ntrain: images/train\nnames: [thing]\n');
    for (let i = 0; i < 60; i++) {
      const px = Buffer.alloc(32 * 24 * 3);
      for (let k = 0; k < px.length; k++) px[k] = (k * (i + 3) * 7919) % 251;
      writeFileSync(path.join(data, 'images/train', `im${i}.png`), await sharp(px, { raw: { width: 32, height: 24, channels: 3 } }).png().toBuffer());
      writeFileSync(path.join(data, 'labels/train', `im${i}.txt`), '0 0.5 0.5 0.4 0.4\n');
    }
    const r = spawnSync(process.execPath, [path.join(tmp, 'dist/cli.js'), 'check', data, '--format', 'json', '--cache-dir', path.join(tmp, 'cache')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      cwd: tmp,
    });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.scan, { images: 60, decoded: 60, fromCache: 0 });
    assert.equal(report.findings.filter((f: { check: string }) => f.check.startsWith('image/')).length, 0, JSON.stringify(report.findings.slice(0, 3)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the bundled checks worker (dist/check-worker.js) answers with the checks computed in one thread', async () => {
  const opts = runOptionsSchema.parse({ path: path.join(root, 'fixtures/yolo-defects') });
  const { config, target } = resolveConfig(opts);
  const ds = await readForCheck(opts, config, target);
  const here = await analyze(ds, config, { labelsOnly: false, offload: false });
  const want = [...runLabelChecks(ds, config), ...imageStage(ds, here.records, config, undefined, 'pairs')];
  const worker = new Worker(path.join(root, 'dist/check-worker.js'));
  try {
    const reply = new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const { boxes: _boxes, ...rest } = ds;
    const boxes = packBoxes(ds.boxes);
    worker.postMessage({ kind: 'dataset', ds: { ...rest, files: undefined, labelContext: undefined }, boxes, cfg: config }, columnBuffers(boxes));
    worker.postMessage({ kind: 'records', records: here.records });
    const got = (await reply) as { checks?: unknown };
    assert.ok(got.checks, `the worker answered ${JSON.stringify(got).slice(0, 200)}`);
    assert.deepEqual(JSON.parse(JSON.stringify(got.checks)), JSON.parse(JSON.stringify(want)));
  } finally {
    await worker.terminate();
  }
});
