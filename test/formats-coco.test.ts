import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { cocoSplitName, idLines, jsonErrorPosition } from '../src/formats/coco-schema.js';
import { openDataset } from '../src/formats/read.js';
import { boxesOf, classCounts, defectRows, fixture, imageByPath, READER_CHECKS } from './formats-helpers.js';
import { tempDir } from './helpers/tmp.js';

test('coco-defects: categories, splits, images, label states', async () => {
  const ds = await openDataset(fixture('coco-defects'), {});
  assert.equal(ds.format, 'coco');
  assert.deepEqual(ds.classes, [
    { id: 1, name: 'circle' },
    { id: 3, name: 'square' },
    { id: 7, name: 'triangle' },
  ]);
  assert.deepEqual(ds.splits, ['train', 'val']);
  assert.equal(ds.images.filter((i) => i.split === 'val').length, 4);
  // 8 regular + background, size_mismatch, boxes, missing + unlisted (from disk)
  assert.equal(ds.images.filter((i) => i.split === 'train').length, 13);
  assert.equal(imageByPath(ds, 'train/background.jpg').labelState, 'background');
  const unlisted = imageByPath(ds, 'train/unlisted.jpg');
  assert.equal(unlisted.labelState, 'unlabeled');
  assert.equal(unlisted.split, 'train');
  const missing = imageByPath(ds, 'train/missing.jpg');
  assert.equal(missing.exists, false);
  assert.ok(ds.notes.some((n) => n.includes('annotations/captions_train.json')));
  assert.ok(!ds.images.some((i) => i.labelPath === 'annotations/instances_test.json'));
});

test('coco-defects: every planted reader-level defect is reported at its file and line', async () => {
  const ds = await openDataset(fixture('coco-defects'), {});
  const rows = defectRows().filter((r) => r.fixture === 'coco-defects' && READER_CHECKS.has(r.check));
  assert.equal(rows.length, 5);
  for (const r of rows) {
    const f = ds.findings.find((x) => x.check === r.check && x.path === r.file && x.line === r.line);
    assert.ok(f, `missing ${r.check} at ${r.file}:${r.line}; got ${ds.findings.map((x) => `${x.check} ${x.path}:${x.line}`).join('; ')}`);
    assert.equal(f.severity, 'error');
  }
  assert.equal(ds.findings.length, rows.length);
  const bad = ds.findings.filter((f) => f.check === 'coco/bad-reference').map((f) => f.key);
  assert.deepEqual(bad, ['annotation:910', 'annotation:911']);
});

test('coco-defects: boxes normalised by the JSON size, crowd flag, declared vs real size', async () => {
  const ds = await openDataset(fixture('coco-defects'), {});
  const bx = boxesOf(ds, 'train/boxes.jpg');
  assert.equal(bx.length, 9);
  const outside = bx.find((b) => b.line === defectRows().find((r) => r.what.startsWith('annotation 902'))!.line)!;
  assert.deepEqual([outside.x1, outside.y1, outside.x2, outside.y2], [140 / 160, 40 / 120, 180 / 160, 70 / 120]);
  assert.equal(outside.classId, 3);
  assert.equal(bx.filter((b) => b.crowd).length, 1);
  const mm = imageByPath(ds, 'train/size_mismatch.jpg');
  assert.deepEqual([mm.declaredWidth, mm.declaredHeight, mm.width, mm.height, mm.sizeSource], [200, 150, 160, 120, 'file']);
  const [b] = boxesOf(ds, 'train/size_mismatch.jpg');
  assert.deepEqual([b!.x1, b!.y1, b!.x2, b!.y2], [20 / 200, 20 / 150, 80 / 200, 70 / 150]);
  const noSizes = await openDataset(fixture('coco-defects'), { imageSizes: false });
  const mm2 = imageByPath(noSizes, 'train/size_mismatch.jpg');
  assert.deepEqual([mm2.width, mm2.sizeSource], [200, 'annotation']);
  assert.equal(classCounts(ds).circle, classCounts(noSizes).circle);
});

test('coco: a json path picks the root above annotations/ and reads only that file', async () => {
  const ds = await openDataset(path.join(fixture('coco-defects'), 'annotations/instances_val.json'), {});
  assert.deepEqual(ds.splits, ['val']);
  assert.equal(ds.images.length, 4);
  assert.deepEqual(ds.findings, []);
});

test('coco: one-line JSON, string ids, images/<split>/ layout, broken JSON reported with its position', async () => {
  const root = tempDir('dqc-coco-');
  mkdirSync(path.join(root, 'images/train'), { recursive: true });
  writeFileSync(path.join(root, 'images/train/a.png'), await sharp({ create: { width: 40, height: 20, channels: 3, background: '#888' } }).png().toBuffer());
  const data = { images: [{ id: 'x1', file_name: 'a.png', width: 40, height: 20 }], annotations: [{ id: 1, image_id: 'x1', category_id: 2, bbox: [4, 2, 8, 4] }], categories: [{ id: 2, name: 'thing' }] };
  writeFileSync(path.join(root, 'train.json'), JSON.stringify(data));
  writeFileSync(path.join(root, 'instances_bad.json'), '{"images": [\n  {"id": 1,\n   "file_name": "a.png" "width": 3}\n]}');
  const ds = await openDataset(root, {});
  assert.deepEqual(ds.images.map((i) => [i.path, i.split, i.labelState]), [['images/train/a.png', 'train', 'labeled']]);
  assert.deepEqual([ds.boxes[0]!.x1, ds.boxes[0]!.y1, ds.boxes[0]!.x2, ds.boxes[0]!.y2], [0.1, 0.1, 0.3, 0.3]);
  assert.equal(ds.boxes[0]!.line, undefined, 'no line for a one-line JSON');
  const parse = ds.findings.find((f) => f.check === 'label/parse');
  assert.equal(parse?.path, 'instances_bad.json');
  // Node 20 says "at position N", newer Node "(line L column C)": both become line 3
  assert.equal(parse?.line, 3);
});

test('coco helpers: split names, JSON error positions, id lines', () => {
  assert.equal(cocoSplitName('annotations/instances_train2017.json'), 'train2017');
  assert.equal(cocoSplitName('valid/_annotations.coco.json'), 'valid');
  assert.equal(cocoSplitName('val.json'), 'val');
  assert.deepEqual(jsonErrorPosition('Unexpected token } in JSON at position 5', 'ab\ncdef'), { line: 2, column: 3 });
  assert.deepEqual(jsonErrorPosition('x (line 4 column 2)', ''), { line: 4, column: 2 });
  assert.deepEqual(jsonErrorPosition('Unexpected end of JSON input', '{\n"a":\n\n'), { line: 2 });
  const text = '{\n "images": [\n  {"id": 5}\n ],\n "annotations": [\n  {"image_id": 5,\n   "id": 5}\n ]\n}';
  assert.deepEqual([...idLines(text, 'annotations')], [['5', 7]]);
  assert.deepEqual([...idLines(text, 'images')], [['5', 3]]);
});

test('coco: an annotation id used twice, one file under two image ids, one category id named twice in a file', async () => {
  const root = tempDir('dqc-coco-dup-');
  mkdirSync(path.join(root, 'images/train'), { recursive: true });
  writeFileSync(path.join(root, 'images/train/a.png'), await sharp({ create: { width: 40, height: 20, channels: 3, background: '#888' } }).png().toBuffer());
  const data = {
    images: [
      { id: 1, file_name: 'a.png', width: 40, height: 20 },
      { id: 2, file_name: 'a.png', width: 40, height: 20 },
    ],
    annotations: [
      { id: 7, image_id: 1, category_id: 1, bbox: [1, 1, 8, 4] },
      { id: 7, image_id: 1, category_id: 1, bbox: [20, 10, 8, 4] },
      { id: 7, image_id: 2, category_id: 1, bbox: [2, 2, 8, 4] },
    ],
    categories: [
      { id: 1, name: 'thing' },
      { id: 1, name: 'other' },
    ],
  };
  writeFileSync(path.join(root, 'instances_train.json'), JSON.stringify(data, null, 1));
  const ds = await openDataset(root, {});
  assert.equal(ds.boxes.length, 3, 'every box is read');
  const msgs = ds.findings.map((f) => [f.check, f.severity, f.line, f.message.replace(/^instances_train\.json:? /, '')]);
  const dupAnn = msgs.filter((m) => /annotation id 7 is used more than once/.test(String(m[3])));
  assert.deepEqual(dupAnn.map((m) => [m[0], m[1]]), [['label/parse', 'error']], 'one finding however often the id repeats');
  assert.ok(typeof dupAnn[0]![2] === 'number', 'with the line of the annotation');
  assert.ok(msgs.some((m) => m[1] === 'warning' && /image a\.png is listed twice \(image ids 1 and 2\)/.test(String(m[3]))));
  assert.ok(msgs.some((m) => m[0] === 'coco/category-mismatch' && /defines category 1 twice, as "thing" and as "other"; "thing" is used/.test(String(m[3]))));
});
