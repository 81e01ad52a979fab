import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { makeContext } from '../src/checks/context.js';
import { fileChecks } from '../src/checks/files.js';
import { defaultConfig } from '../src/config/schema.js';
import { openDataset } from '../src/formats/read.js';
import { parseFilenameCsv } from '../src/formats/voc-splits.js';
import { parseVocXml } from '../src/formats/voc-xml.js';
import { boxesOf, defectRows, fixture, imageByPath, READER_CHECKS } from './formats-helpers.js';
import { tempDir } from './helpers/tmp.js';

test('voc-defects: classes, splits (trainval and per-class files ignored), label states, orphan', async () => {
  const ds = await openDataset(fixture('voc-defects'), {});
  assert.equal(ds.format, 'voc');
  assert.deepEqual(ds.classes.map((c) => [c.id, c.name]), [
    [0, 'circle'],
    [1, 'square'],
    [2, 'triangle'],
  ]);
  assert.deepEqual(ds.splits, ['train', 'val']);
  assert.equal(ds.images.filter((i) => i.split === 'val').length, 2);
  assert.equal(imageByPath(ds, 'JPEGImages/background.jpg').labelState, 'background');
  assert.equal(imageByPath(ds, 'JPEGImages/unlabeled.jpg').labelState, 'unlabeled');
  assert.equal(imageByPath(ds, 'JPEGImages/unlabeled.jpg').split, 'train');
  assert.deepEqual(ds.orphans, [{ path: 'Annotations/orphan.xml', split: 'train' }]);
  assert.ok(ds.notes.some((n) => n.includes('trainval.txt')));
});

test('voc-defects: every planted reader-level defect is reported at its file and line', async () => {
  const ds = await openDataset(fixture('voc-defects'), {});
  const rows = defectRows().filter((r) => r.fixture === 'voc-defects' && READER_CHECKS.has(r.check));
  assert.equal(rows.length, 4);
  for (const r of rows) {
    const f = ds.findings.find((x) => x.check === r.check && x.path === r.file && x.line === r.line);
    assert.ok(f, `missing ${r.check} at ${r.file}:${r.line}; got ${ds.findings.map((x) => `${x.check} ${x.path}:${x.line}`).join('; ')}`);
  }
  assert.equal(ds.findings.length, rows.length);
  // a broken file still yields its image, with no boxes
  assert.equal(boxesOf(ds, 'JPEGImages/broken.jpg').length, 0);
  // the named object of no_name.xml survives
  assert.equal(boxesOf(ds, 'JPEGImages/no_name.jpg').length, 1);
});

test('voc-defects: boxes are pixel edges / size, lines point at <object>, flags and declared sizes', async () => {
  const ds = await openDataset(fixture('voc-defects'), {});
  const bx = boxesOf(ds, 'JPEGImages/boxes.jpg');
  assert.equal(bx.length, 8);
  const rows = defectRows().filter((r) => r.file === 'Annotations/boxes.xml');
  for (const r of rows) assert.ok(bx.some((b) => b.line === r.line), `no box at line ${r.line}`);
  const outside = bx[1]!;
  assert.deepEqual([outside.x1, outside.y1, outside.x2, outside.y2], [130 / 160, 40 / 120, 175 / 160, 70 / 120]);
  assert.equal(ds.classes[outside.classId]!.name, 'square');
  const mm = imageByPath(ds, 'JPEGImages/size_mismatch.jpg');
  assert.deepEqual([mm.declaredWidth, mm.declaredHeight, mm.width, mm.height], [200, 150, 160, 120]);
  assert.equal(boxesOf(ds, 'JPEGImages/img_002.jpg').every((b) => b.difficult), true);
  assert.equal(boxesOf(ds, 'JPEGImages/img_003.jpg').every((b) => b.truncated), true);
  assert.equal(boxesOf(ds, 'JPEGImages/img_001.jpg').some((b) => b.difficult || b.truncated), false);
});

test('voc-csv: lower-case annotations/ + images/, splits from CSV files, the full list ignored', async () => {
  const ds = await openDataset(fixture('voc-csv'), {});
  assert.deepEqual(ds.splits, ['train', 'test', '']);
  const count = (s: string) => ds.images.filter((i) => i.split === s).length;
  assert.deepEqual([count('train'), count('test'), count('')], [7, 2, 1]);
  assert.equal(imageByPath(ds, 'images/raccoonish-10.jpg').split, '');
  assert.equal(ds.boxes.length, 11);
  assert.deepEqual(ds.classes, [{ id: 0, name: 'raccoon' }]);
  assert.deepEqual(ds.findings, []);
  assert.ok(ds.notes.some((n) => n.startsWith('data/raccoonish_labels.csv was not used')));
});

test('VOC XML and CSV parsing never throw on bad input', () => {
  for (const bad of ['', '<', '<annotation>', 'not xml at all', '<annotation><object><name>a</name><bndbox><xmin>1</xmin></bndbox></object></annotation>', '<?xml version="1.0"?><other/>']) {
    const r = parseVocXml(bad);
    if ('error' in r) assert.equal(typeof r.error.message, 'string');
    else assert.equal(r.objects.length, 0);
  }
  assert.equal(parseFilenameCsv('a,b\n1,2\n'), undefined);
  const p = parseFilenameCsv('"filename",x\n"dir/a b.jpg",1\nc.png,2\nc.png,3\n')!;
  assert.deepEqual([...p.ids], ['a b', 'c']);
  assert.equal(p.lines.get('c'), 3);
});

test('EXIF-rotated JPEG: the displayed frame is the size; an XML declaring it is fine, one declaring the stored frame warns', async () => {
  const root = tempDir('dqc-voc-exif-');
  // stored 320×240, EXIF orientation 6: shown (and loaded by OpenCV / Ultralytics) as 240×320
  const jpg = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#4a7' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  const xml = (name: string, w: number, h: number) =>
    `<annotation><filename>${name}.jpg</filename><size><width>${w}</width><height>${h}</height><depth>3</depth></size>` +
    `<object><name>cell</name><bndbox><xmin>10</xmin><ymin>20</ymin><xmax>110</xmax><ymax>220</ymax></bndbox></object></annotation>`;
  for (const d of ['Annotations', 'JPEGImages', 'ImageSets/Main']) mkdirSync(path.join(root, d), { recursive: true });
  for (const [name, w, h] of [['shown', 240, 320], ['stored', 320, 240], ['wrong', 300, 200]] as const) {
    writeFileSync(path.join(root, 'JPEGImages', `${name}.jpg`), jpg);
    writeFileSync(path.join(root, 'Annotations', `${name}.xml`), xml(name, w, h));
  }
  writeFileSync(path.join(root, 'ImageSets/Main/train.txt'), 'shown\nstored\nwrong\n');
  const ds = await openDataset(root, {});
  for (const img of ds.images) assert.deepEqual([img.width, img.height, img.orientation], [240, 320, 6], img.path);
  const f = fileChecks(makeContext(ds, defaultConfig())).findings.filter((x) => x.check === 'image/size-mismatch');
  assert.deepEqual(
    f.map((x) => [x.path, x.severity]),
    [
      ['Annotations/stored.xml', 'warning'],
      ['Annotations/wrong.xml', 'error'],
    ],
  );
  assert.match(f[0]!.message, /320×240 px, its stored \(unrotated\) frame, but the file carries EXIF orientation 6, so loaders that apply it \(OpenCV, Ultralytics, PIL exif_transpose\) see 240×320 px/);
  assert.doesNotMatch(f[1]!.message, /EXIF|swapped/);
});
