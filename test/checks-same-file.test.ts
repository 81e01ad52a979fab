/**
 * One image file listed in two splits (a yaml whose val points at the train folder, as
 * Ultralytics' coco128.yaml does): one leak/same-file error at the yaml, instead of a duplicate
 * group, a "static frame" and a label finding per file listed twice.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze, resolveConfig, readForCheck } from '../src/engine.js';
import { finding, uniqueFindings } from '../src/findings.js';
import { evaluateGate } from '../src/gate.js';
import { runOptionsSchema } from '../src/options.js';
import { tempDir } from './diff-repo.js';

const fixture = path.join(import.meta.dirname, '..', 'fixtures', 'yolo-demo');

async function run(root: string, labelsOnly = false) {
  const opts = runOptionsSchema.parse({ path: root, labelsOnly });
  const { config, target } = resolveConfig(opts);
  const ds = await readForCheck(opts, config, target);
  return { ds, a: await analyze(ds, config, { labelsOnly }) };
}

test('one image file in two splits: a single leak/same-file error at the yaml; no duplicate group, static frame or repeated label finding', async () => {
  const root = path.join(tempDir('dqc-same-file-'), 'ds');
  cpSync(fixture, root, { recursive: true });
  const yaml = path.join(root, 'data.yaml');
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('val: images/val', 'val: images/train'));
  writeFileSync(path.join(root, 'labels/train/train_003.txt'), '0 0.5 0.5 0.2\n');

  const { ds, a } = await run(root);
  const trainImages = ds.images.filter((i) => i.split === 'train').length;
  assert.equal(ds.images.filter((i) => i.split === 'val').length, trainImages);
  const of = (check: string) => a.findings.filter((f) => f.check === check);
  const same = of('leak/same-file');
  assert.deepEqual(
    same.map((f) => [f.severity, f.path, f.key, f.related?.length]),
    [['error', 'data.yaml', 'train|val', trainImages]],
  );
  assert.match(same[0]!.message, new RegExp(`Splits 'train' and 'val' both list the same ${trainImages} image files`));
  assert.deepEqual([of('leak/duplicate').length, of('dup/exact').length, of('dup/static-frames').length], [0, 0, 0]);
  // the malformed line is one finding, though its file is read for two images
  assert.deepEqual(of('label/parse').map((f) => [f.path, f.line]), [['labels/train/train_003.txt', 1]]);
  assert.equal(new Set(a.findings.map((f) => f.fingerprint)).size, a.findings.length);
  // a threshold gate: it fails a PR even where the base had it
  const gate = evaluateGate(a.findings, 'new', new Set(a.findings.map((f) => f.fingerprint)));
  assert.deepEqual(gate.failing.map((f) => f.check), ['leak/same-file']);

  // labels only: the same finding (it needs no pixels)
  const lo = await run(root, true);
  assert.deepEqual(lo.a.findings.filter((f) => f.check === 'leak/same-file').map((f) => f.fingerprint), [same[0]!.fingerprint]);

  // a real copy on another path is still a duplicate across splits
  cpSync(path.join(root, 'images/train/train_001.jpg'), path.join(root, 'images/val/copy.jpg'));
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('val: images/train', 'val: [images/train, images/val]'));
  const withCopy = await run(root);
  const leaks = withCopy.a.findings.filter((f) => f.check === 'leak/duplicate');
  assert.equal(leaks.length, 1);
  assert.deepEqual([leaks[0]!.path, ...(leaks[0]!.related ?? [])].sort(), ['images/train/train_001.jpg', 'images/val/copy.jpg']);
});

test('uniqueFindings keeps the first finding of each fingerprint', () => {
  const f = (message: string, key: string) => finding({ check: 'box/tiny', severity: 'warning', message, path: 'a.txt', key });
  assert.deepEqual(
    uniqueFindings([f('first', '1'), f('second', '2'), f('again', '1')]).map((x) => x.message),
    ['first', 'second'],
  );
});
