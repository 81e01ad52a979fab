import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxOverlap } from '../src/checks/box-overlap.js';
import { boxSanity } from '../src/checks/box-sanity.js';
import { makeContext } from '../src/checks/context.js';
import type { Finding } from '../src/findings.js';
import { makeDataset, relaxedConfig, yolo, type BoxSpec } from './helpers/dataset.js';

const pick = (fs: Finding[]) => fs.map((f) => ({ check: f.check, severity: f.severity, path: f.path, line: f.line, key: f.key, related: f.related }));

// 12 person boxes of about 4 % of the image, one of 0.09 % (44× smaller)
const persons: BoxSpec[] = Array.from({ length: 12 }, (_, i) => yolo('person', 0.1 + i * 0.07, 0.5, 0.18 + (i % 5) * 0.01, 0.2));

function planted() {
  return makeDataset({
    classes: ['car', 'person', 'truck'],
    images: [
      {
        path: 'images/a.jpg',
        width: 640,
        height: 480,
        boxes: [
          { cls: 'car', px: [100, 100, 200, 200] }, // fine
          { cls: 'car', px: [50, 50, 50, 80] }, // zero width
          { cls: 'car', px: [700, 10, 760, 60] }, // wholly outside (x1 ≥ 640)
          { cls: 'car', px: [600, 100, 650, 200] }, // 10 px beyond the right edge
          { cls: 'car', px: [600, 100, 640.3, 200] }, // within half a pixel: fine
          { cls: 'car', px: [10, 10, 12, 11] }, // 2×1 px
          { cls: 'car', px: [0, 300, 400, 310] }, // 40:1
        ],
      },
      // size unknown: normalised rules
      { path: 'images/b.jpg', boxes: [yolo('car', 0.5, 0.5, 0.005, 0.005), { cls: 'car', box: [0.2, 0.6, 0.3, 0.5] }, { cls: 'car', box: [0.2, 0.2, 0.3, 1.002] }] },
      { path: 'images/c.jpg', boxes: [...persons, yolo('person', 0.5, 0.5, 0.03, 0.03)] },
      { path: 'images/d.jpg', boxes: Array.from({ length: 14 }, (_, i) => yolo('truck', 0.05 + i * 0.065, 0.5, 0.05, 0.1)) },
    ],
  });
}

test('box sanity: one finding per planted defect, with file, line and a stable key', () => {
  const r = boxSanity(makeContext(planted(), relaxedConfig({ maxBoxesPerImage: { value: 13 } })));
  const rel = ['images/a.jpg'];
  assert.deepEqual(pick(r.findings), [
    { check: 'box/degenerate', severity: 'error', path: 'labels/a.txt', line: 2, key: 'images/a.jpg#car@0.0781,0.1042,0.0781,0.1667', related: rel },
    { check: 'box/out-of-bounds', severity: 'error', path: 'labels/a.txt', line: 3, key: 'images/a.jpg#car@1.0938,0.0208,1.1875,0.1250', related: rel },
    { check: 'box/out-of-bounds', severity: 'warning', path: 'labels/a.txt', line: 4, key: 'images/a.jpg#car@0.9375,0.2083,1.0156,0.4167', related: rel },
    { check: 'box/tiny', severity: 'warning', path: 'labels/a.txt', line: 6, key: 'images/a.jpg#car@0.0156,0.0208,0.0188,0.0229', related: rel },
    { check: 'box/aspect', severity: 'warning', path: 'labels/a.txt', line: 7, key: 'images/a.jpg#car@0.0000,0.6250,0.6250,0.6458', related: rel },
    { check: 'box/tiny', severity: 'warning', path: 'labels/b.txt', line: 1, key: 'images/b.jpg#car@0.4975,0.4975,0.5025,0.5025', related: ['images/b.jpg'] },
    { check: 'box/degenerate', severity: 'error', path: 'labels/b.txt', line: 2, key: 'images/b.jpg#car@0.2000,0.6000,0.3000,0.5000', related: ['images/b.jpg'] },
    { check: 'box/out-of-bounds', severity: 'warning', path: 'labels/b.txt', line: 3, key: 'images/b.jpg#car@0.2000,0.2000,0.3000,1.0020', related: ['images/b.jpg'] },
    { check: 'box/too-many', severity: 'warning', path: 'labels/d.txt', line: undefined, key: 'images/d.jpg', related: ['images/d.jpg'] },
    { check: 'box/size-outlier', severity: 'info', path: 'labels/c.txt', line: 13, key: 'images/c.jpg#person@0.4850,0.4850,0.5150,0.5150', related: ['images/c.jpg'] },
  ]);
  const msg = (check: string, line: number) => r.findings.find((f) => f.check === check && f.line === line)!.message;
  assert.equal(msg('box/tiny', 6), "Box 6 of class 'car' in images/a.jpg is 2×1 px (0.00065% of the image); boxes under 4 px are hard to learn from.");
  assert.match(msg('box/degenerate', 2), /Box 2 of class 'car' in images\/a\.jpg has zero width \(0 px\)/);
  assert.match(msg('box/out-of-bounds', 3), /wholly outside the image \(corners 700,10 to 760,60 px in a 640×480 image\)/);
  assert.match(msg('box/out-of-bounds', 4), /reaches 10 px beyond the image edge/);
  assert.match(msg('box/aspect', 7), /400×10 px, 40\.0 times longer than wide/);
  assert.match(msg('box/size-outlier', 13), /covers 0\.09% of the image, 42\.2 times smaller than the typical 'person' box \(3\.80%\)/);
  assert.deepEqual(
    { boxes: r.stats.boxes, degenerate: r.stats.degenerate, outOfBounds: r.stats.outOfBounds, tiny: r.stats.tiny, aspect: r.stats.aspect, sizeOutliers: r.stats.sizeOutliers, imagesWithTooMany: r.stats.imagesWithTooMany },
    { boxes: 37, degenerate: 2, outOfBounds: 3, tiny: 2, aspect: 1, sizeOutliers: 1, imagesWithTooMany: 1 },
  );
  const car = r.stats.perClass.find((c) => c.name === 'car')!;
  assert.equal(car.boxes, 10);
  assert.equal(typeof car.medianWidthPx, 'number');
  const person = r.stats.perClass.find((c) => c.name === 'person')!;
  assert.equal(person.medianWidthPx, undefined); // c.jpg has no known size
  assert.ok(Math.abs(person.medianAreaFraction - 0.04) < 0.003);
});

test('box sanity: boxSize off silences tiny/aspect/size-outlier but not degenerate or out-of-bounds', () => {
  const r = boxSanity(makeContext(planted(), relaxedConfig({ boxSize: { severity: 'off' }, maxBoxesPerImage: { value: 13, severity: 'off' } })));
  assert.deepEqual([...new Set(r.findings.map((f) => f.check))].sort(), ['box/degenerate', 'box/out-of-bounds']);
  const err = boxSanity(makeContext(planted(), relaxedConfig({ boxSize: { severity: 'error', minPixels: 1, maxAspectRatio: 50 } })));
  // 2×1 px is no longer under 1 px but still under 0.01 % of the image; 40:1 is under 50
  assert.deepEqual(err.findings.filter((f) => f.check === 'box/tiny').map((f) => [f.severity, f.line]), [['error', 6], ['error', 1]]);
  assert.match(err.findings.find((f) => f.check === 'box/tiny')!.message, /boxes under 0\.01% of the image area/);
  assert.equal(err.findings.filter((f) => f.check === 'box/aspect').length, 0);
  assert.equal(err.findings.find((f) => f.check === 'box/size-outlier')!.severity, 'info');
});

test('box keys survive lines and boxes inserted above; a moved box is a new finding', () => {
  const base = (offset: number, extraAbove: boolean) =>
    makeDataset({
      classes: ['car'],
      images: [{ path: 'images/a.jpg', width: 100, height: 100, lineOffset: offset, boxes: [...(extraAbove ? [yolo('car', 0.3, 0.3, 0.2, 0.2)] : []), { cls: 'car', px: [10, 10, 10, 20] }] }],
    });
  const f0 = boxSanity(makeContext(base(0, false), relaxedConfig())).findings[0]!;
  const f1 = boxSanity(makeContext(base(3, false), relaxedConfig())).findings[0]!;
  const f2 = boxSanity(makeContext(base(0, true), relaxedConfig())).findings[0]!;
  assert.deepEqual([f0.line, f1.line, f2.line], [1, 4, 2]);
  assert.equal(f0.fingerprint, f1.fingerprint);
  assert.equal(f0.fingerprint, f2.fingerprint);
  const moved = makeDataset({ classes: ['car'], images: [{ path: 'images/a.jpg', width: 100, height: 100, boxes: [{ cls: 'car', px: [30, 10, 30, 20] }] }] });
  assert.notEqual(boxSanity(makeContext(moved, relaxedConfig())).findings[0]!.fingerprint, f0.fingerprint);
  // exact copies get distinct keys
  const twin = makeDataset({ classes: ['car'], images: [{ path: 'images/a.jpg', boxes: [{ cls: 'car', box: [0.1, 0.1, 0.1, 0.2] }, { cls: 'car', box: [0.1, 0.1, 0.1, 0.2] }] }] });
  const keys = boxSanity(makeContext(twin, relaxedConfig())).findings.map((f) => f.key);
  assert.deepEqual(keys, ['images/a.jpg#car@0.1000,0.1000,0.1000,0.2000', 'images/a.jpg#car@0.1000,0.1000,0.1000,0.2000~2']);
});

test('box sanity: clean boxes give no finding; COCO-style shared file keeps the image in the key', () => {
  const d = makeDataset({
    classes: ['car'],
    format: 'coco',
    images: [
      { path: 'train/a.jpg', width: 640, height: 480, labelPath: 'annotations/instances_train.json', boxes: [{ cls: 'car', px: [0, 0, 640, 480], line: 40 }, { cls: 'car', px: [10, 10, 60, 50], line: 52 }] },
      { path: 'train/b.jpg', width: 640, height: 480, labelPath: 'annotations/instances_train.json', boxes: [{ cls: 'car', px: [10, 10, 12, 40], line: 70 }] },
    ],
  });
  const r = boxSanity(makeContext(d, relaxedConfig()));
  assert.deepEqual(pick(r.findings), [
    { check: 'box/tiny', severity: 'warning', path: 'annotations/instances_train.json', line: 70, key: 'train/b.jpg#car@0.0156,0.0208,0.0188,0.0833', related: ['train/b.jpg'] },
  ]);
});

test('box overlap: duplicate (same class) and conflict (different classes) found by the sweep', () => {
  const d = makeDataset({
    classes: ['car', 'truck'],
    images: [
      {
        path: 'images/a.jpg',
        width: 1000,
        height: 1000,
        boxes: [
          { cls: 'car', px: [100, 100, 200, 200] },
          { cls: 'truck', px: [500, 500, 700, 700] },
          { cls: 'car', px: [101, 101, 201, 201] }, // IoU 0.96 with box 1: duplicate
          { cls: 'car', px: [500, 500, 700, 701] }, // IoU 0.995 with box 2, other class: conflict
          { cls: 'car', px: [150, 100, 250, 200] }, // IoU 0.33 with box 1: fine
          { cls: 'car', px: [100, 100, 200, 200], crowd: true }, // crowd: ignored
        ],
      },
    ],
  });
  const r = boxOverlap(makeContext(d, relaxedConfig()));
  assert.deepEqual(pick(r.findings), [
    { check: 'box/duplicate', severity: 'warning', path: 'labels/a.txt', line: 3, key: 'images/a.jpg#car@0.1000,0.1000,0.2000,0.2000|images/a.jpg#car@0.1010,0.1010,0.2010,0.2010', related: ['images/a.jpg'] },
    { check: 'box/conflict', severity: 'error', path: 'labels/a.txt', line: 4, key: 'images/a.jpg#truck@0.5000,0.5000,0.7000,0.7000|images/a.jpg#car@0.5000,0.5000,0.7000,0.7010', related: ['images/a.jpg'] },
  ]);
  assert.equal(r.findings[0]!.message, "Boxes 1 and 3 (lines 1 and 3) of class 'car' in images/a.jpg overlap at IoU 0.96: the same object looks annotated twice.");
  assert.equal(r.findings[1]!.message, "Box 2 (class 'truck', line 2) and box 4 (class 'car', line 4) in images/a.jpg overlap at IoU 0.995: one object with two different labels.");
  assert.deepEqual({ d: r.stats.duplicates, c: r.stats.conflicts }, { d: 1, c: 1 });
  // thresholds move the line
  const strict = boxOverlap(makeContext(d, relaxedConfig({ duplicateBoxIou: 0.97, conflictingBoxIou: 0.3 })));
  assert.deepEqual(strict.findings.map((f) => f.check), ['box/conflict']);
});

test('box overlap: agrees with brute force on random boxes', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const boxes: BoxSpec[] = [];
  for (let i = 0; i < 300; i++) {
    if (i % 3 === 2) {
      const p = boxes[boxes.length - 1]!.box!;
      const e = rnd() * 0.004;
      boxes.push({ cls: rnd() < 0.5 ? 'a' : 'b', box: [p[0] + e, p[1], p[2] + e, p[3] - e] });
    } else {
      const x = rnd() * 0.9;
      const y = rnd() * 0.9;
      boxes.push({ cls: rnd() < 0.5 ? 'a' : 'b', box: [x, y, x + 0.02 + rnd() * 0.1, y + 0.02 + rnd() * 0.1] });
    }
  }
  const d = makeDataset({ classes: ['a', 'b'], images: [{ path: 'images/x.jpg', boxes }] });
  const r = boxOverlap(makeContext(d, relaxedConfig()));
  const got = r.findings.map((f) => `${f.check} ${(f.data!.boxes as number[]).join('-')}`).sort();
  const want: string[] = [];
  const bx = d.boxes;
  for (let i = 0; i < bx.length; i++)
    for (let j = i + 1; j < bx.length; j++) {
      const a = bx[i]!;
      const b = bx[j]!;
      const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
      const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
      if (iw <= 0 || ih <= 0) continue;
      const inter = iw * ih;
      const iou = inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
      if (a.classId === b.classId ? iou >= 0.9 : iou >= 0.95) want.push(`${a.classId === b.classId ? 'box/duplicate' : 'box/conflict'} ${i + 1}-${j + 1}`);
    }
  assert.ok(want.length >= 20, `planted pairs: ${want.length}`);
  assert.deepEqual(got, want.sort());
});

test('box sanity: a YOLO line whose center or size leaves -0.01..1.01 is an error (Ultralytics drops the whole image); other formats clip', () => {
  const spec = (format: 'yolo' | 'coco') =>
    makeDataset({
      format,
      classes: ['car'],
      images: [{ path: 'images/a.jpg', width: 640, height: 480, boxes: [yolo('car', 0.5, 0.5, 1.2, 0.2), yolo('car', 0.95, 0.5, 0.2, 0.2), yolo('car', 0.5, 0.5, 1.008, 0.1)] }],
    });
  const oob = (format: 'yolo' | 'coco') => boxSanity(makeContext(spec(format), relaxedConfig())).findings.filter((f) => f.check === 'box/out-of-bounds');
  const y = oob('yolo');
  assert.deepEqual(y.map((f) => [f.line, f.severity]), [[1, 'error'], [2, 'warning'], [3, 'warning']]);
  assert.match(y[0]!.message, /Ultralytics rejects YOLO values outside 0–1 and skips the whole image/);
  assert.match(y[1]!.message, /training clips it to the image/);
  assert.deepEqual(oob('coco').map((f) => [f.line, f.severity]), [[1, 'warning'], [2, 'warning'], [3, 'warning']]);
});
