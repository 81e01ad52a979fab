import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeContext } from '../src/checks/context.js';
import { cooccurrence } from '../src/checks/cooccurrence.js';
import { countBin, distribution } from '../src/checks/distribution.js';
import { unionArea } from '../src/checks/union-area.js';
import { heatmap } from '../src/checks/heatmap.js';
import type { Box } from '../src/model.js';
import { makeDataset, relaxedConfig, yolo, type BoxSpec, type ImageSpec } from './helpers/dataset.js';

const row = (n: number, cls: string, y = 0.5): BoxSpec[] => Array.from({ length: n }, (_, i) => yolo(cls, 0.02 + (i % 40) * 0.024, y, 0.02, 0.04));

// the COCO "skis" case: skis usually 1–2 per image, one image with 25
function skis() {
  const images: ImageSpec[] = [];
  for (let i = 0; i < 14; i++) images.push({ path: `images/s${i}.jpg`, boxes: [...row(i % 4 === 0 ? 2 : 1, 'skis'), ...row(1 + (i % 8), 'person', 0.8)] });
  images.push({ path: 'images/s14.jpg', boxes: row(3, 'skis') }); // 3: under 2·median + 2, not an outlier
  images.push({ path: 'images/pile.jpg', lineOffset: 2, boxes: [...row(1, 'person', 0.8), ...row(25, 'skis')] });
  images.push({ path: 'images/bg.jpg' });
  images.push({ path: 'images/u.jpg', state: 'unlabeled' });
  return makeDataset({ classes: ['person', 'skis'], images });
}

test('distribution: the skis outlier is found once, with file, first line and key', () => {
  const r = distribution(makeContext(skis(), relaxedConfig()));
  assert.deepEqual(
    r.findings.map((f) => ({ check: f.check, severity: f.severity, path: f.path, line: f.line, key: f.key, related: f.related })),
    [{ check: 'distribution/outlier', severity: 'info', path: 'labels/pile.txt', line: 4, key: 'images/pile.jpg#skis', related: ['images/pile.jpg'] }],
  );
  assert.equal(
    r.findings[0]!.message,
    "images/pile.jpg holds 25 objects of class 'skis', where images with that class usually hold 1 (at most 25 in this dataset); check for repeated or mislabelled boxes.",
  );
  const sk = r.stats.table.find((t) => t.class === 'skis')!;
  assert.deepEqual(sk, { class: 'skis', images: 16, counts: [10, 4, 1, 0, 0, 0, 0, 1, 0, 0], median: 1, max: 25 });
  const pe = r.stats.table.find((t) => t.class === 'person')!;
  assert.equal(pe.images, 15);
  assert.deepEqual(r.stats.bins, ['1', '2', '3', '4', '5', '6-10', '11-20', '21-50', '51-100', '101+']);
  // 16 labeled + 1 background (unlabeled excluded)
  assert.equal(r.stats.objectsPerImage.images, 17);
  assert.equal(r.stats.objectsPerImage.max, 26);
  assert.equal(r.stats.objectsPerImage.median, 5);
  assert.equal(r.stats.coveredArea.images, 16);
  assert.equal(r.stats.outliers, 1);
  assert.equal(distribution(makeContext(skis(), relaxedConfig({ objectCountOutlierZ: 50 }))).findings.length, 0);
});

test('distribution: spread-out counts (crowds) are judged on a log scale; no outlier', () => {
  const images: ImageSpec[] = [1, 2, 3, 4, 6, 8, 10, 12, 15, 20, 25, 30].map((n, i) => ({ path: `images/${i}.jpg`, boxes: row(n, 'person') }));
  assert.equal(distribution(makeContext(makeDataset({ classes: ['person'], images }), relaxedConfig())).findings.length, 0);
});

test('countBin and unionArea', () => {
  assert.deepEqual([1, 2, 5, 6, 10, 11, 20, 21, 50, 51, 100, 101, 5000].map(countBin), [0, 1, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
  const b = (x1: number, y1: number, x2: number, y2: number) => ({ x1, y1, x2, y2 }) as Box;
  assert.equal(unionArea([]), 0);
  assert.equal(unionArea([b(0, 0, 0.5, 0.5), b(0.25, 0.25, 0.75, 0.75)]), 0.4375);
  assert.equal(unionArea([b(0, 0, 0.5, 0.5), b(0, 0, 0.5, 0.5), b(0.6, 0.6, 0.7, 0.7)]), 0.26);
  assert.equal(unionArea([b(-1, -1, 0.5, 2), b(0.2, 0.2, 0.1, 0.3)]), 0.5); // clipped; invalid ignored
  // more than 128 boxes: raster of cell centres
  assert.equal(unionArea(Array.from({ length: 200 }, () => b(0, 0, 0.5, 0.5))), 0.25);
  const many = Array.from({ length: 200 }, (_, i) => b((i % 20) / 20, Math.floor(i / 20) / 20, (i % 20) / 20 + 0.025, Math.floor(i / 20) / 20 + 0.025));
  assert.ok(Math.abs(unionArea(many) - 200 * 0.025 * 0.025) < 0.01);
});

test('co-occurrence: matrix of images holding both classes; rare pairs of common classes flagged as info', () => {
  const img = (name: string, classes: string[]): ImageSpec => ({ path: `images/${name}.jpg`, boxes: classes.map((c, i) => yolo(c, 0.1 + i * 0.2, 0.5, 0.1, 0.1)) });
  const images: ImageSpec[] = [
    ...Array.from({ length: 5 }, (_, i) => img(`ab${i}`, ['a', 'b', 'a'])),
    ...Array.from({ length: 14 }, (_, i) => img(`a${i}`, ['a'])),
    ...Array.from({ length: 9 }, (_, i) => img(`c${i}`, ['c'])),
    img('ac', ['a', 'c']), // a in 20 of 31 labeled images, c in 10: ~6.5 shared expected, 1 seen
    img('bd', ['b', 'd']), // b in 6, d in 2: sharing 1 is unremarkable
    img('d', ['d']),
    { path: 'images/bg.jpg' },
  ];
  const d = makeDataset({ classes: ['a', 'b', 'c', 'd', 'unused'], images });
  const r = cooccurrence(makeContext(d, relaxedConfig()));
  assert.deepEqual(r.stats.classes, ['a', 'b', 'c', 'd']);
  assert.deepEqual(r.stats.counts, [
    [20, 5, 1, 0],
    [5, 6, 0, 1],
    [1, 0, 10, 0],
    [0, 1, 0, 2],
  ]);
  assert.equal(r.stats.pairs, 3);
  assert.deepEqual(
    r.findings.map((f) => ({ check: f.check, severity: f.severity, path: f.path, key: f.key, related: f.related })),
    [{ check: 'cooccurrence/rare', severity: 'info', path: 'labels/ac.txt', key: 'a+c', related: ['images/ac.jpg'] }],
  );
  assert.equal(
    r.findings[0]!.message,
    "Classes 'a' and 'c' appear together in only 1 image (images/ac.jpg), though 'a' is in 20 images and 'c' in 10, so they would share about 6 by chance; check the labels there.",
  );
  // a+b share 5 images but would share ~3.9 by chance: not rare even at threshold 5
  assert.deepEqual(cooccurrence(makeContext(d, relaxedConfig({ rareCooccurrence: 5 }))).findings.map((f) => f.key), ['a+c']);
  assert.equal(cooccurrence(makeContext(d, relaxedConfig({ rareCooccurrence: 0 }))).findings.length, 0);
  const one = makeDataset({ classes: ['a', 'b'], images: Array.from({ length: 20 }, (_, i) => img(`x${i}`, ['a'])) });
  assert.equal(cooccurrence(makeContext(one, relaxedConfig({ rareCooccurrence: 5 }))).findings.length, 0);
});

test('heatmap: 16×16 grid of box centres per class and overall', () => {
  const d = makeDataset({
    classes: ['a', 'b'],
    images: [
      { path: 'images/x.jpg', boxes: [yolo('a', 0.03, 0.97, 0.02, 0.02), yolo('a', 0.03, 0.97, 0.04, 0.04), yolo('b', 0.5, 0.5, 0.1, 0.1)] },
      { path: 'images/y.jpg', boxes: [{ cls: 'b', box: [1.1, -0.3, 1.3, -0.1] }, { cls: 'b', box: [0.5, 0.5, 0.4, 0.6] }] },
    ],
  });
  const r = heatmap(makeContext(d, relaxedConfig()));
  assert.equal(r.stats.size, 16);
  const a = r.stats.classes.find((c) => c.class === 'a')!;
  assert.equal(a.boxes, 2);
  assert.equal(a.grid.length, 16);
  assert.ok(a.grid.every((rw) => rw.length === 16));
  assert.equal(a.grid[15]![0], 2);
  const b = r.stats.classes.find((c) => c.class === 'b')!;
  assert.equal(b.boxes, 2); // the invalid box is left out
  assert.equal(b.grid[8]![8], 1);
  assert.equal(b.grid[0]![15], 1); // centre outside: clamped to the border cell
  assert.equal(r.stats.all.boxes, 4);
  assert.equal(r.stats.all.grid.flat().reduce((s, v) => s + v, 0), 4);
  assert.deepEqual(r.findings, []);
});
