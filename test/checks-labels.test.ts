import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeContext } from '../src/checks/context.js';
import { fileChecks } from '../src/checks/files.js';
import { runLabelChecks } from '../src/checks/labels.js';
import { median, modifiedZ, quantileSorted, robustScale, sorted } from '../src/checks/robust.js';
import { defaultConfig } from '../src/config/schema.js';
import type { Finding } from '../src/findings.js';
import { makeDataset, relaxedConfig, yolo, type ImageSpec } from './helpers/dataset.js';

const pick = (fs: Finding[]) => fs.map((f) => ({ check: f.check, severity: f.severity, path: f.path, line: f.line, key: f.key, related: f.related }));

test('robust helpers: median, quantiles, MAD, modified z with the MAD = 0 fallback', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  assert.equal(quantileSorted(sorted([10, 20, 30, 40, 50]), 0.25), 20);
  assert.equal(quantileSorted(sorted([0, 10]), 0.95), 9.5);
  const sc = robustScale([1, 2, 3, 4, 100]);
  assert.deepEqual([sc.median, sc.mad], [3, 1]);
  assert.equal(modifiedZ(100, sc), 0.6745 * 97);
  const flat = robustScale([1, 1, 1, 1, 5]);
  assert.equal(flat.mad, 0);
  assert.equal(modifiedZ(5, flat), 4 / (1.253314 * 0.8));
  assert.equal(modifiedZ(7, robustScale([7, 7, 7])), 0);
});

test('files: orphan labels, unlabeled images, declared size disagreeing with the file', () => {
  const d = makeDataset({
    format: 'coco',
    classes: ['car'],
    orphans: [{ path: 'labels/train/ghost.txt', split: 'train' }],
    images: [
      { path: 'train/a.jpg', width: 640, height: 480, sizeSource: 'file', declaredWidth: 480, declaredHeight: 640, labelPath: 'annotations/instances_train.json', boxes: [yolo('car', 0.5, 0.5, 0.2, 0.2)] },
      { path: 'train/b.jpg', width: 640, height: 480, sizeSource: 'file', declaredWidth: 640, declaredHeight: 480, labelPath: 'annotations/instances_train.json' },
      { path: 'train/c.jpg', width: 800, height: 600, sizeSource: 'file', declaredWidth: 640, declaredHeight: 480, labelPath: 'annotations/instances_train.json' },
      // size known only from the annotation: nothing to compare
      { path: 'train/d.jpg', width: 640, height: 480, sizeSource: 'annotation', declaredWidth: 640, declaredHeight: 480, labelPath: 'annotations/instances_train.json' },
      { path: 'train/e.jpg', state: 'unlabeled' },
    ],
  });
  const r = fileChecks(makeContext(d, relaxedConfig()));
  assert.deepEqual(pick(r.findings), [
    { check: 'label/orphan', severity: 'warning', path: 'labels/train/ghost.txt', line: undefined, key: '', related: undefined },
    { check: 'image/size-mismatch', severity: 'error', path: 'annotations/instances_train.json', line: undefined, key: 'train/a.jpg', related: ['train/a.jpg'] },
    { check: 'image/size-mismatch', severity: 'error', path: 'annotations/instances_train.json', line: undefined, key: 'train/c.jpg', related: ['train/c.jpg'] },
    { check: 'image/unlabeled', severity: 'warning', path: 'train/e.jpg', line: undefined, key: '', related: undefined },
  ]);
  assert.match(r.findings[1]!.message, /declares train\/a\.jpg as 480×640 px, but the image file is 640×480 px; its boxes would be scaled wrong\. The sides are swapped/);
  assert.doesNotMatch(r.findings[2]!.message, /swapped/);
  assert.deepEqual(r.stats, { orphans: 1, unlabeled: 1, sizeMismatch: 2 });
});

function clean(lineOffset = 0) {
  const images: ImageSpec[] = [];
  for (let i = 0; i < 20; i++) {
    images.push({
      path: `images/${i < 15 ? 'train' : 'val'}/${i}.jpg`,
      split: i < 15 ? 'train' : 'val',
      width: 640,
      height: 480,
      lineOffset,
      boxes: [yolo('car', 0.2 + (i % 5) * 0.1, 0.3, 0.1 + (i % 3) * 0.02, 0.1), yolo('person', 0.7, 0.6, 0.08, 0.2 + (i % 4) * 0.02)],
    });
  }
  images.push({ path: 'images/train/bg.jpg', split: 'train', width: 640, height: 480 });
  return images;
}

test('runLabelChecks: every check runs; clean data gives no error; stats survive JSON unchanged', () => {
  const d = makeDataset({ source: 'data.yaml', classes: ['car', 'person'], splits: ['train', 'val'], images: clean() });
  const results = runLabelChecks(d, defaultConfig());
  assert.deepEqual(results.map((r) => r.id), ['class-balance', 'background', 'distribution', 'cooccurrence', 'heatmap', 'box-sanity', 'box-overlap', 'files']);
  const all = results.flatMap((r) => r.findings);
  assert.deepEqual(all.filter((f) => f.severity === 'error'), []);
  // only the Ultralytics minimums (warning) fire at default thresholds
  assert.deepEqual([...new Set(all.map((f) => f.check))].sort(), ['class/min-images', 'class/min-instances']);
  for (const r of results) assert.deepEqual(JSON.parse(JSON.stringify(r.stats)), r.stats, `stats of ${r.id} are plain JSON`);
  assert.equal(runLabelChecks(d, relaxedConfig()).flatMap((r) => r.findings).length, 0);
});

test('runLabelChecks: fingerprints stay when lines are inserted above; lines move', () => {
  const planted = (offset: number) => {
    const images = clean(offset);
    images.push({
      path: 'images/train/bad.jpg',
      split: 'train',
      width: 640,
      height: 480,
      lineOffset: offset,
      boxes: [
        { cls: 'car', px: [10, 10, 10, 50] }, // degenerate
        { cls: 'car', px: [100, 100, 200, 200] },
        { cls: 'person', px: [101, 100, 200, 200] }, // conflict with the car
        { cls: 'car', px: [100, 100, 201, 200] }, // duplicate of the car
        { cls: 'car', px: [630, 10, 660, 50] }, // partly outside
        { cls: 'car', px: [300, 300, 302, 302] }, // tiny
      ],
    });
    images.push({ path: 'images/train/nolabel.jpg', split: 'train', state: 'unlabeled' });
    return makeDataset({ source: 'data.yaml', classes: ['car', 'person'], splits: ['train', 'val'], images, orphans: [{ path: 'labels/train/x.txt', split: 'train' }] });
  };
  const a = runLabelChecks(planted(0), relaxedConfig()).flatMap((r) => r.findings);
  const b = runLabelChecks(planted(5), relaxedConfig()).flatMap((r) => r.findings);
  assert.deepEqual(
    a.map((f) => `${f.check} ${f.severity} ${f.line ?? '-'}`).sort(),
    [
      'box/conflict error 3', // person vs car
      'box/conflict error 4', // the duplicate car vs person
      'box/degenerate error 1',
      'box/duplicate warning 4',
      'box/out-of-bounds warning 5',
      'box/size-outlier info 5', // 10×40 px inside the image, cars are usually ~64×48
      'box/size-outlier info 6',
      'box/tiny warning 6',
      'image/unlabeled warning -',
      'label/orphan warning -',
    ],
  );
  assert.deepEqual(b.map((f) => f.fingerprint).sort(), a.map((f) => f.fingerprint).sort());
  const lines = (fs: Finding[]) => fs.filter((f) => f.line !== undefined).map((f) => f.line!).sort((x, y) => x - y);
  assert.deepEqual(lines(b), lines(a).map((l) => l + 5));
});

test('runLabelChecks: an empty dataset does not crash', () => {
  const d = makeDataset({ classes: [], images: [] });
  const results = runLabelChecks(d, defaultConfig());
  assert.equal(results.flatMap((r) => r.findings).length, 0);
  for (const r of results) assert.deepEqual(JSON.parse(JSON.stringify(r.stats)), r.stats);
});
