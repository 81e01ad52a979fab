/**
 * `dataset-qc diff` on a real temporary git repository: the version diff at box level, the gate
 * on what the change introduced, the working tree as head, and the shallow-clone error.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cliMain } from '../src/cli.js';
import { reportSchema } from '../src/report/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp: string;
let repo: string;
let base: string;
let head: string;
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
const commit = (msg: string) => {
  git(repo, 'add', '-A');
  git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', msg);
  return git(repo, 'rev-parse', 'HEAD');
};

function sink() {
  let text = '';
  const s = new Writable({ write: (c, _e, cb) => ((text += c.toString()), cb()) }) as unknown as NodeJS.WriteStream;
  return { s, text: () => text };
}

async function cli(args: string[], cwd = repo) {
  const out = sink();
  const err = sink();
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    const code = await cliMain(args, { stdout: out.s, stderr: err.s });
    return { code, stdout: out.text(), stderr: err.text() };
  } finally {
    process.chdir(prev);
  }
}

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dqc-clidiff-'));
  // the CLI's default cache dir, inside the temp dir: a test writes nothing into ~/.cache
  process.env.XDG_CACHE_HOME = path.join(tmp, 'xdg-cache');
  repo = path.join(tmp, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  cpSync(path.join(root, 'fixtures/yolo-demo'), path.join(repo, 'data'), { recursive: true });
  base = commit('base');
  const d = path.join(repo, 'data');
  appendFileSync(path.join(d, 'labels/train/train_002.txt'), '1 0.5 0.5 0.2 0.2\n'); // a box added
  writeFileSync(path.join(d, 'labels/val/val_001.txt'), '9 0.5 0.5 0.2 0.2\n'); // class 9 does not exist: a new error
  cpSync(path.join(d, 'images/train/train_004.jpg'), path.join(d, 'images/val/train_004_copy.jpg')); // leakage
  cpSync(path.join(d, 'labels/train/train_004.txt'), path.join(d, 'labels/val/train_004_copy.txt'));
  head = commit('change');
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('diff base head: box-level changes, per-class deltas, and the gate fails on what the change introduced', async () => {
  const r = await cli(['diff', base, head, 'data', '--format', 'json', '--cache-dir', path.join(tmp, 'store'), '--quiet']);
  assert.equal(r.code, 1, r.stderr);
  const report = reportSchema.parse(JSON.parse(r.stdout));
  const diff = report.diff as { summary: { imagesAdded: number; boxesAdded: number; boxesRemoved: number; imagesRelabeled: number }; changedFiles: string[] };
  assert.equal(diff.summary.imagesAdded, 1);
  // train_002 gained a box; val_001's box was replaced by a line with an unknown class (not a box)
  assert.equal(diff.summary.boxesAdded, 1, JSON.stringify(diff.summary));
  assert.equal(diff.summary.boxesRemoved, 1);
  assert.equal(diff.summary.imagesRelabeled, 2);
  assert.ok(diff.changedFiles.includes('labels/train/train_002.txt'));
  assert.ok(report.gate.reasons.some((x) => x.startsWith('label/class-range')), report.gate.reasons.join('\n'));
  assert.ok(report.gate.reasons.some((x) => x.startsWith('leak/duplicate')), report.gate.reasons.join('\n'));
  assert.ok((report.gate.newErrors ?? 0) >= 2);
  assert.ok(report.drift, 'drift against base is reported');
});

test('diff with the working tree as head, Markdown: the change sections and escaped names', async () => {
  const r = await cli(['diff', base, 'data', '--labels-only', '--quiet']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /## Changes against base/);
  assert.match(r.stdout, /### Per-class changes/);
  assert.match(r.stdout, /```mermaid\nxychart-beta/);
  assert.match(r.stdout, /## Drift/);
});

test('diff of a revision against itself passes with fail-on new and reports no change', async () => {
  const r = await cli(['diff', base, base, 'data', '--labels-only', '--format', 'json', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.diff.summary.changed, false);
});

test('a base commit missing from a shallow clone is a usage error (exit 2) naming fetch-depth', async () => {
  const shallow = path.join(tmp, 'shallow');
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow]);
  const r = await cli(['diff', base, 'data', '--labels-only', '--quiet'], shallow);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /fetch-depth/);
});

test("diff from above a yaml whose images are reached through a link (coco128's layout): a moved image is moved, by content, and never re-decoded", async () => {
  const r2 = path.join(tmp, 'linked');
  mkdirSync(path.join(r2, 'od'), { recursive: true });
  git(r2, 'init', '-q', '-b', 'main');
  cpSync(path.join(root, 'fixtures/yolo-demo/images'), path.join(r2, 'images'), { recursive: true });
  cpSync(path.join(root, 'fixtures/yolo-demo/labels'), path.join(r2, 'od/labels'), { recursive: true });
  cpSync(path.join(root, 'fixtures/yolo-demo/data.yaml'), path.join(r2, 'od/data.yaml'));
  writeFileSync(path.join(r2, 'od/images'), '../images'); // a link committed as a placeholder file, as coco128 has it
  const c = (msg: string) => {
    git(r2, 'add', '-A');
    git(r2, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', msg);
    return git(r2, 'rev-parse', 'HEAD');
  };
  const b = c('base');
  git(r2, 'mv', 'images/train/train_001.jpg', 'images/val/train_001.jpg');
  git(r2, 'mv', 'od/labels/train/train_001.txt', 'od/labels/val/train_001.txt');
  c('move one image to val');
  const cache = path.join(tmp, 'linked-cache');
  const run = async () => {
    const out = path.join(tmp, 'linked-out');
    const res = await cli(['diff', b, r2, '--cache-dir', cache, '--format', 'json', '--out', out, '--quiet'], r2);
    assert.ok(res.code === 0 || res.code === 1, res.stderr);
    return reportSchema.parse(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));
  };
  const first = await run();
  const images = (first.diff as { images: Record<'moved' | 'added' | 'removed', { from: string; to: string; by: string }[]> }).images;
  assert.deepEqual(images.moved.map((m) => [m.from, m.to, m.by]), [['od/images/train/train_001.jpg', 'od/images/val/train_001.jpg', 'content']]);
  assert.deepEqual([images.added.length, images.removed.length], [0, 0]);
  const second = await run();
  assert.deepEqual([second.scan?.decoded, second.scan?.fromCache], [0, second.scan?.images]);
});
