import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import { openDataset, readDataset } from '../src/formats/read.js';
import { createDiskSource } from '../src/formats/disk.js';
import { labelPathFor } from '../src/formats/yolo.js';
import { parseNumber, parseYoloLabel } from '../src/formats/yolo-lines.js';
import type { Box } from '../src/model.js';
import { UsageError } from '../src/options.js';
import { boxesOf, classCounts, defectRows, fixture, imageByPath, READER_CHECKS, tempCopy } from './formats-helpers.js';
import { tempDir } from './helpers/tmp.js';

const jpg = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 40, g: 90, b: 160 } } }).jpeg().toBuffer();
function put(root: string, rel: string, data: string | Buffer) {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), data);
}

test('yolo-demo: clean dataset, classes, splits, backgrounds, sizes from the headers', async () => {
  const ds = await openDataset(fixture('yolo-demo'), {});
  assert.equal(ds.format, 'yolo');
  assert.equal(ds.source, 'data.yaml');
  assert.deepEqual(ds.classes, [
    { id: 0, name: 'circle' },
    { id: 1, name: 'square' },
    { id: 2, name: 'triangle' },
  ]);
  assert.deepEqual(ds.splits, ['train', 'val']);
  assert.equal(ds.images.length, 37);
  assert.equal(ds.images.filter((i) => i.split === 'train').length, 25);
  assert.equal(ds.images.filter((i) => i.labelState === 'background').length, 3);
  assert.equal(ds.images.filter((i) => i.labelState === 'unlabeled').length, 0);
  assert.deepEqual(ds.findings, []);
  assert.deepEqual(ds.orphans, []);
  for (const img of ds.images) {
    assert.equal(img.sizeSource, 'file');
    assert.ok(img.width! >= 96 && img.height! >= 72, img.path);
  }
  for (const b of ds.boxes) {
    assert.ok(b.x1 > 0 && b.y1 > 0 && b.x2 < 1 && b.y2 < 1 && b.x2 > b.x1 && b.y2 > b.y1, `${b.file}:${b.line}`);
  }
  assert.equal(ds.boxes.length, Object.values(classCounts(ds)).reduce((a, b) => a + b, 0));
});

test('yolo-defects: every planted reader-level defect is reported at its file and line', async () => {
  const ds = await openDataset(fixture('yolo-defects'), {});
  const rows = defectRows().filter((r) => r.fixture === 'yolo-defects' && READER_CHECKS.has(r.check));
  assert.ok(rows.length >= 6);
  for (const r of rows) {
    const f = ds.findings.find((x) => x.check === r.check && x.path === r.file && x.line === r.line);
    assert.ok(f, `missing ${r.check} at ${r.file}:${r.line} (${r.what}); got ${ds.findings.map((x) => `${x.check} ${x.path}:${x.line}`).join('; ')}`);
    assert.equal(f.severity, 'error');
  }
  assert.equal(ds.findings.length, rows.length, 'no finding beyond the planted ones');
  // fingerprints are unique (keys are the line text, not the line number)
  assert.equal(new Set(ds.findings.map((f) => f.fingerprint)).size, ds.findings.length);
  // malformed: the one valid line survives, the bad ones are not boxes
  assert.deepEqual(boxesOf(ds, 'images/train/malformed.jpg').map((b) => b.line), [1]);
  assert.deepEqual(boxesOf(ds, 'images/train/class_range.jpg').map((b) => b.line), [1]);
  // label states and orphans
  assert.equal(imageByPath(ds, 'images/train/background.jpg').labelState, 'background');
  assert.equal(imageByPath(ds, 'images/train/unlabeled.jpg').labelState, 'unlabeled');
  assert.equal(imageByPath(ds, 'images/train/unlabeled.jpg').labelPath, undefined);
  assert.deepEqual(ds.orphans, [{ path: 'labels/train/orphan.txt', split: 'train' }]);
});

test('yolo-defects: box coordinates are converted, not clamped; polygons become bounding boxes', async () => {
  const ds = await openDataset(fixture('yolo-defects'), {});
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);
  const [, out] = boxesOf(ds, 'images/train/outside.jpg');
  near(out!.x1, 0.8);
  near(out!.x2, 1.1);
  near(out!.y1, 0.4);
  near(out!.y2, 0.6);
  assert.equal(out!.classId, 1);
  const [, zero] = boxesOf(ds, 'images/train/zero_size.jpg');
  near(zero!.x2 - zero!.x1, 0);
  const poly = boxesOf(ds, 'images/train/polygon.jpg');
  assert.equal(poly.length, 3);
  assert.equal(poly[0]!.fromPolygon, undefined);
  assert.deepEqual([poly[1]!.x1, poly[1]!.y1, poly[1]!.x2, poly[1]!.y2, poly[1]!.fromPolygon], [0.6, 0.6, 0.8, 0.8, true]);
  assert.deepEqual([poly[2]!.x1, poly[2]!.y1, poly[2]!.x2, poly[2]!.y2, poly[2]!.line], [0.1, 0.6, 0.3, 0.9, 3]);
  assert.ok(ds.notes.some((n) => n.startsWith('2 polygon')));
  assert.equal(boxesOf(ds, 'images/train/crowded.jpg').length, 320);
  const img = imageByPath(ds, 'images/train/tiny.jpg');
  assert.deepEqual([img.width, img.height], [160, 120]);
});

test('label lines: 4, 6, even polygon counts, nan, inf, hex-free numbers; blank lines and CRLF ignored', () => {
  const out: Box[] = [];
  const text = '0 0.5 0.5 0.2 0.2\r\n\n  \n1 0.5 0.5 0.2\n0 0.1 0.1 0.2 0.2 0.3 0.3 0.4\n2 -inf 0.5 0.1 0.1\n3 0.5 0.5 0.1 0.1\n\t1\t0.25\t0.25\t0.5\t0.5';
  const r = parseYoloLabel(text, 'a.txt', 7, (id) => id < 3, () => '0–2', out);
  assert.equal(r.nonBlank, 6);
  assert.deepEqual(r.issues.map((i) => [i.kind, i.line]), [
    ['parse', 4],
    ['parse', 5],
    ['parse', 6],
    ['class-range', 7],
  ]);
  assert.deepEqual(out.map((b) => [b.line, b.classId, b.image]), [
    [1, 0, 7],
    [8, 1, 7],
  ]);
  assert.deepEqual([out[1]!.x1, out[1]!.y1, out[1]!.x2, out[1]!.y2], [0, 0, 0.5, 0.5]);
  assert.equal(parseYoloLabel('', 'e.txt', 0, () => true, () => '', []).nonBlank, 0);
});

test('parseNumber gives exactly what Number() gives', () => {
  const check = (s: string) => {
    const padded = ` ${s} `;
    const got = parseNumber(padded, 1, 1 + s.length);
    assert.ok(Object.is(got, Number(s)), `${s}: ${got} vs ${Number(s)}`);
  };
  for (const s of ['0', '-0', '1.', '.5', '+3', '-', '.', 'nan', 'inf', '1e-3', '0x10', '12345678901234567890', '0.1234567890123456789', '1.2.3']) check(s);
  fc.assert(
    fc.property(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 17 }), (d, k) => {
      check(d.toFixed(k));
      check(String(d));
    }),
    { numRuns: 3000 },
  );
});

test('label path mapping: last /images/ segment → /labels/, extension → .txt', () => {
  assert.equal(labelPathFor('images/train/a.jpg'), 'labels/train/a.txt');
  assert.equal(labelPathFor('train/images/a.b.PNG'), 'train/labels/a.b.txt');
  assert.equal(labelPathFor('images/x/images/a.jpg'), 'images/x/labels/a.txt');
  assert.equal(labelPathFor('flat/a.jpg'), 'flat/a.txt');
});

test('yaml: names as a map, list files with ./ paths, absolute paths from another machine fall back with a note', async () => {
  const root = tempDir('dqc-yolo-yaml-');
  const img = await jpg(64, 48);
  for (const n of ['a', 'b', 'c']) put(root, `images/all/${n}.jpg`, img);
  put(root, 'labels/all/a.txt', '5 0.5 0.5 0.5 0.5\n');
  put(root, 'labels/all/b.txt', '9 0.5 0.5 0.5 0.5\n');
  put(root, 'train.txt', './images/all/a.jpg\n./images/all/b.jpg\n./images/all/gone.jpg\n');
  put(root, 'data.yaml', 'path: /nowhere/on/this/machine\ntrain: train.txt\nval: /Users/someone/ds/images/all/c.jpg\nnames:\n  5: cat\n  9: dog\n');
  const ds = await openDataset(path.join(root, 'data.yaml'), {});
  assert.deepEqual(ds.classes, [
    { id: 5, name: 'cat' },
    { id: 9, name: 'dog' },
  ]);
  assert.deepEqual(
    ds.images.map((i) => [i.path, i.split, i.exists, i.labelState]),
    [
      ['images/all/a.jpg', 'train', true, 'labeled'],
      ['images/all/b.jpg', 'train', true, 'labeled'],
      ['images/all/gone.jpg', 'train', false, 'unlabeled'],
      ['images/all/c.jpg', 'val', true, 'unlabeled'],
    ],
  );
  const missing = ds.findings.find((f) => f.check === 'image/missing');
  assert.equal(missing?.path, 'train.txt');
  assert.equal(missing?.line, 3);
  assert.ok(ds.notes.some((n) => n.includes('/Users/someone/ds/images/all/c.jpg') && n.includes('images/all/c.jpg')));
  assert.ok(ds.notes.some((n) => n.includes('/nowhere/on/this/machine')));
});

test('yaml: a split path that exists nowhere is an error finding with the yaml line; nc mismatch warns', async () => {
  const root = tempDir('dqc-yolo-yaml2-');
  put(root, 'images/train/a.jpg', await jpg(64, 48));
  put(root, 'labels/train/a.txt', '0 0.5 0.5 0.5 0.5\n');
  put(root, 'data.yaml', 'train: images/train\nval: images/nope\nnc: 3\nnames: [a, b]\n');
  const ds = await openDataset(root, {});
  const miss = ds.findings.find((f) => f.check === 'yaml/split-missing');
  assert.equal(miss?.line, 2);
  assert.equal(miss?.severity, 'error');
  assert.equal(ds.findings.find((f) => f.check === 'yaml/nc-mismatch')?.line, 3);
  assert.equal(ds.images.length, 1);
  // a test split that is not there (a Roboflow export names one either way) does not stop training: a warning
  put(root, 'data.yaml', 'train: images/train\nval: images/train\ntest: ../test/images\nnames: [a]\n');
  const withTest = await openDataset(root, {});
  const t = withTest.findings.filter((f) => f.check === 'yaml/split-missing');
  assert.deepEqual(t.map((f) => [f.severity, f.line]), [['warning', 3]]);
  // and '../test/images' never falls back to the 'images' folder: no image became a test image
  assert.deepEqual(withTest.images.map((i) => i.split), ['train', 'val']);
  assert.match(t[0]!.message, /Training runs without it/);
});

test('no yaml: images/<split> + labels/<split>, names from classes.txt; Roboflow <split>/images layout', async () => {
  const a = tempDir('dqc-yolo-noyaml-');
  const img = await jpg(80, 60);
  put(a, 'images/train/x.jpg', img);
  put(a, 'images/val/y.png', await sharp(img).png().toBuffer());
  put(a, 'labels/train/x.txt', '1 0.5 0.5 0.1 0.1\n');
  put(a, 'labels/val/y.txt', '');
  put(a, 'labels/val/z.txt', '0 0.5 0.5 0.1 0.1\n');
  put(a, 'labels/train.cache', 'x');
  put(a, 'classes.txt', 'person\ncar\n');
  const ds = await openDataset(a, {});
  assert.deepEqual(ds.classes.map((c) => c.name), ['person', 'car']);
  assert.deepEqual(ds.images.map((i) => [i.path, i.split, i.labelState, i.width]), [
    ['images/train/x.jpg', 'train', 'labeled', 80],
    ['images/val/y.png', 'val', 'background', 80],
  ]);
  assert.deepEqual(ds.orphans, [{ path: 'labels/val/z.txt', split: 'val' }]);

  const b = tempDir('dqc-yolo-roboflow-');
  for (const s of ['train', 'valid']) {
    put(b, `${s}/images/p.jpg`, img);
    put(b, `${s}/labels/p.txt`, '3 0.5 0.5 0.2 0.2\n');
  }
  const rb = await readDataset(createDiskSource(b), { format: 'yolo', imageSizes: false, splitAliases: { val: ['valid'] } });
  assert.deepEqual(rb.splits, ['train', 'val']);
  assert.deepEqual(rb.classes, [{ id: 3, name: '3' }]);
  assert.equal(rb.boxes.length, 2);
  assert.equal(rb.images[0]!.width, undefined, 'imageSizes: false reads no header');
});

test('yaml that is not a mapping or has no names is a UsageError that says what to do', async () => {
  const root = tempDir('dqc-yolo-bad-');
  put(root, 'list.yaml', '- a\n- b\n');
  put(root, 'nonames.yaml', 'train: images\n');
  await assert.rejects(openDataset(path.join(root, 'list.yaml'), {}), (e: Error) => e instanceof UsageError && /not a YAML mapping/.test(e.message));
  await assert.rejects(openDataset(path.join(root, 'nonames.yaml'), {}), (e: Error) => e instanceof UsageError && /has no names/.test(e.message));
});

test('a symlink leaving the dataset folder is not followed and is reported', async () => {
  const root = tempCopy('yolo-defects');
  const outside = tempDir('dqc-outside-');
  writeFileSync(path.join(outside, 'secret.txt'), '0 0.5 0.5 0.5 0.5\n');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'labels/train/unlabeled.txt'));
  const ds = await openDataset(root, { boundary: root });
  const f = ds.findings.find((x) => x.check === 'path/unsafe-link');
  assert.equal(f?.path, 'labels/train/unlabeled.txt');
  assert.equal(f?.severity, 'error');
  assert.equal(imageByPath(ds, 'images/train/unlabeled.jpg').labelState, 'unlabeled');
});
