/**
 * The five real datasets in ../shared/datasets: openDataset must give exactly the image, box,
 * split and per-class counts their README states.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openDataset } from '../src/formats/read.js';
import type { Dataset } from '../src/model.js';
import { classCounts, repo } from './formats-helpers.js';

const shared = [path.resolve(repo, '../shared/datasets'), '/work/shared/datasets'].find((d) => existsSync(path.join(d, 'README.md')));
const skip = !shared && 'shared datasets not found (looked in ../shared/datasets and /work/shared/datasets)';
const at = (rel: string) => path.join(shared ?? '', rel);

function perSplit(ds: Dataset): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const s of ds.splits) out[s] = [0, 0];
  for (const img of ds.images) out[img.split]![0]++;
  for (const b of ds.boxes) out[ds.images[b.image]!.split]![1]++;
  return out;
}

test('coco128-yolo: 256 images, 1,827 boxes, 80 classes declared / 76 used', { skip }, async () => {
  const ds = await openDataset(at('coco128-yolo/object_detection/config.yaml'), {});
  assert.equal(ds.format, 'yolo');
  assert.equal(ds.images.length, 256);
  assert.equal(ds.boxes.length, 1827);
  assert.deepEqual(perSplit(ds), { train: [128, 929], val: [128, 898] });
  assert.equal(ds.classes.length, 80);
  const counts = classCounts(ds);
  assert.equal(Object.keys(counts).length, 76);
  assert.deepEqual([counts.person, counts.car, counts.cup, counts.chair, counts.bowl, counts.book], [604, 70, 66, 63, 45, 44]);
  for (const unused of ['parking meter', 'cow', 'toaster', 'hair drier']) assert.equal(counts[unused], undefined, unused);
  assert.ok(ds.images.every((i) => i.exists && i.width && i.height));
  // the real dataset has 2 train images without a label file and 2 label files without an image
  assert.deepEqual(ds.images.filter((i) => i.labelState === 'unlabeled').map((i) => i.path), ['images/train2017/000000000250.jpg', 'images/train2017/000000000508.jpg']);
  assert.deepEqual(ds.orphans.map((o) => o.path), ['labels/train2017/000000000656.txt', 'labels/train2017/000000000659.txt']);
  assert.deepEqual(ds.findings, []);
});

test('tiny-coco: 100 images, 852 boxes (10 crowd), 80 categories / 59 used', { skip }, async () => {
  const ds = await openDataset(at('tiny-coco/tiny_coco'), {});
  assert.equal(ds.format, 'coco');
  assert.equal(ds.images.length, 100);
  assert.equal(ds.boxes.length, 852);
  assert.equal(ds.boxes.filter((b) => b.crowd).length, 10);
  assert.deepEqual(perSplit(ds), { train2017: [50, 470], val2017: [50, 382] });
  assert.equal(ds.classes.length, 80);
  assert.equal(Object.keys(classCounts(ds)).length, 59);
  const used = (s: string) => new Set(ds.boxes.filter((b) => ds.images[b.image]!.split === s).map((b) => b.classId)).size;
  assert.deepEqual([used('train2017'), used('val2017')], [49, 48]);
  // JSON sizes match the files, every listed image is on disk
  assert.ok(ds.images.every((i) => i.exists && i.declaredWidth === i.width && i.declaredHeight === i.height));
  assert.ok(ds.notes.some((n) => n.includes('captions_train2017.json') && n.includes('person_keypoints_val2017.json')));
  assert.deepEqual(ds.findings, []);
});

test('bccd-voc: 364 images, 4,888 boxes, RBC 4,155 / WBC 372 / Platelets 361, splits 205/87/72', { skip }, async () => {
  const ds = await openDataset(at('bccd-voc/BCCD'), {});
  assert.equal(ds.format, 'voc');
  assert.equal(ds.images.length, 364);
  assert.equal(ds.boxes.length, 4888);
  assert.deepEqual(classCounts(ds), { Platelets: 361, RBC: 4155, WBC: 372 });
  const split = perSplit(ds);
  assert.deepEqual([split.train![0], split.val![0], split.test![0]], [205, 87, 72]);
  assert.deepEqual(ds.splits, ['train', 'val', 'test']);
  assert.ok(ds.images.every((i) => i.width === 640 && i.height === 480));
  const perImage = new Map<number, number>();
  for (const b of ds.boxes) perImage.set(b.image, (perImage.get(b.image) ?? 0) + 1);
  assert.equal(Math.max(...perImage.values()), 30);
});

test('aquarium-roboflow-yolo: 638 images, 4,817 boxes, per class and per split as stated', { skip }, async () => {
  const ds = await openDataset(at('aquarium-roboflow-yolo/aquarium_pretrain/data.yaml'), {});
  assert.equal(ds.format, 'yolo');
  assert.equal(ds.images.length, 638);
  assert.equal(ds.boxes.length, 4817);
  assert.deepEqual(classCounts(ds), { fish: 2669, jellyfish: 694, penguin: 516, shark: 354, puffin: 284, stingray: 184, starfish: 116 });
  assert.deepEqual(perSplit(ds), { train: [448, 3324], val: [127, 909], test: [63, 584] });
  // the yaml's /Users/… paths do not exist here: the reader says it used the yaml's folder
  assert.equal(ds.notes.filter((n) => n.includes('/Users/saiteja/Downloads/aquarium_pretrain')).length, 3);
  assert.ok(ds.images.every((i) => i.labelPath));
  assert.deepEqual(ds.orphans, []);
});

test('raccoon-voc: 200 images, 217 boxes, train 160 / test 40 from the CSV files', { skip }, async () => {
  const ds = await openDataset(at('raccoon-voc'), {});
  assert.equal(ds.format, 'voc');
  assert.equal(ds.images.length, 200);
  assert.equal(ds.boxes.length, 217);
  assert.deepEqual(classCounts(ds), { raccoon: 217 });
  assert.deepEqual(perSplit(ds), { train: [160, 173], test: [40, 44] });
  assert.ok(ds.images.every((i) => i.declaredWidth === i.width && i.declaredHeight === i.height));
  assert.deepEqual(ds.findings, []);
});
