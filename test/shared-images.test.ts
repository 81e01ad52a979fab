/**
 * The image checks end to end on the five real datasets in ../shared/datasets: read with
 * openDataset, scanned with scanImages (records cached in the OS temp dir so reruns are quick),
 * checked with runImageChecks. Asserts the finds that were verified by eye (see the notes per
 * dataset) and that the clean datasets produce no duplicate, leakage or unreadable-image finding.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runImageChecks } from '../src/checks/images.js';
import { groupLeakage } from '../src/checks/leakage.js';
import { configSchema } from '../src/config/schema.js';
import type { CheckResult, Finding } from '../src/findings.js';
import { createDiskSource } from '../src/formats/disk.js';
import { openDataset } from '../src/formats/read.js';
import { scanImages } from '../src/scan/scan.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = [path.resolve(repo, '../shared/datasets'), '/work/shared/datasets'].find((d) => existsSync(path.join(d, 'README.md')));
const skip = !shared && 'shared datasets not found (looked in ../shared/datasets and /work/shared/datasets)';
const cacheDir = path.join(os.tmpdir(), 'dataset-qc-test-records');

async function check(rel: string): Promise<{ results: CheckResult[]; findings: Finding[]; images: number }> {
  const ds = await openDataset(path.join(shared!, rel), {});
  // bytes through the dataset source: coco128's `images` link is stored as a text file holding
  // "../images", which the source resolves and a plain path.join does not
  const source = createDiskSource(ds.root, path.dirname(ds.root));
  const present = ds.images.filter((i) => i.exists);
  const items = [];
  for (const img of present) items.push({ path: img.path, bytes: await source.readBytes(img.path), slot: img.id });
  const res = await scanImages(items, { cacheDir, concurrency: 2, slots: ds.images.length });
  const results = runImageChecks(ds, res.records, configSchema.parse({}));
  return { results, findings: results.flatMap((r) => r.findings), images: present.length };
}

const pick = (f: Finding[], check: string) => f.filter((x) => x.check === check).map((x) => [x.path!, ...(x.related ?? [])].sort());
const dupOrLeak = (f: Finding[]) => f.filter((x) => /^(dup|leak)\//.test(x.check));
const unreadable = (f: Finding[]) => f.filter((x) => /^image\/(corrupt|truncated|empty|not-image|unsupported|bomb)$/.test(x.check));

test('coco128-yolo: 256 images decode, no duplicates or leakage', { skip }, async () => {
  const { findings, images, results } = await check('coco128-yolo/object_detection/config.yaml');
  assert.equal(images, 256);
  assert.deepEqual(unreadable(findings), []);
  assert.deepEqual(dupOrLeak(findings), []);
  const out = results.find((r) => r.id === 'outliers')!;
  assert.ok(out.findings.length <= 30);
});

test('tiny-coco: 100 images, train and val disjoint (as its README says)', { skip }, async () => {
  const { findings, images } = await check('tiny-coco/tiny_coco');
  assert.equal(images, 100);
  assert.deepEqual(unreadable(findings), []);
  assert.deepEqual(dupOrLeak(findings), []);
});

test('bccd-voc: BloodImage_00037 (val) and _00038 (train) are the same microscope field — leakage', { skip }, async () => {
  const { findings, images } = await check('bccd-voc/BCCD');
  assert.equal(images, 364);
  assert.deepEqual(unreadable(findings), []);
  assert.deepEqual(pick(findings, 'leak/duplicate'), [['JPEGImages/BloodImage_00037.jpg', 'JPEGImages/BloodImage_00038.jpg']]);
  assert.deepEqual(pick(findings, 'dup/near'), []);
  assert.deepEqual(pick(findings, 'dup/exact'), []);
});

test('raccoon-voc: 4 byte-identical pairs and 2 resized copies, all inside one split', { skip }, async () => {
  const { findings, images } = await check('raccoon-voc');
  assert.equal(images, 200);
  assert.deepEqual(unreadable(findings), []);
  assert.deepEqual(pick(findings, 'dup/exact'), [
    ['images/raccoon-11.jpg', 'images/raccoon-116.jpg'],
    ['images/raccoon-120.jpg', 'images/raccoon-83.jpg'],
    ['images/raccoon-65.jpg', 'images/raccoon-98.jpg'],
  ]);
  // raccoon-52/74 are byte-identical and raccoon-50 a resized copy of them: one group
  assert.deepEqual(pick(findings, 'dup/near'), [
    ['images/raccoon-21.jpg', 'images/raccoon-45.jpg'],
    ['images/raccoon-50.jpg', 'images/raccoon-52.jpg', 'images/raccoon-74.jpg'],
    ['images/raccoon-51.jpg', 'images/raccoon-85.jpg'],
  ]);
  assert.deepEqual(pick(findings, 'leak/duplicate'), []);
  // the copies were annotated separately, with boxes that differ
  assert.ok(pick(findings, 'dup/label-conflict').some((g) => g.includes('images/raccoon-120.jpg') && g.includes('images/raccoon-83.jpg')));
});

test('aquarium-roboflow-yolo: burst shots of one scene across splits are reported as leakage', { skip }, async () => {
  const { findings, images } = await check('aquarium-roboflow-yolo/aquarium_pretrain/data.yaml');
  assert.equal(images, 638);
  assert.deepEqual(unreadable(findings), []);
  const leaks = pick(findings, 'leak/duplicate');
  assert.ok(leaks.length >= 3, JSON.stringify(leaks));
  // every leaked pair is two photos taken one after the other (consecutive IMG_ numbers)
  for (const g of leaks) {
    const nums = g.map((p) => Number(/IMG_(\d+)/.exec(p)![1]));
    assert.ok(Math.max(...nums) - Math.min(...nums) <= 10, g.join(' '));
  }
  // the closest pair (pHash distance 4): the same stingray tank a moment apart
  assert.ok(pick(findings, 'dup/near').some((g) => g.some((p) => p.includes('IMG_8434')) && g.some((p) => p.includes('IMG_8436'))));
});

test('aquarium-roboflow-yolo: frames of one video (IMG_xxxx_MOV-n) spread over splits — group leakage', { skip }, async () => {
  const ds = await openDataset(path.join(shared!, 'aquarium-roboflow-yolo/aquarium_pretrain/data.yaml'), { groupBy: '(IMG_\\d+)_MOV' });
  const r = groupLeakage(ds, configSchema.parse({}));
  assert.deepEqual(r.stats, { groupedImages: 81, groups: 17, leakedGroups: 15, leakedGroupImages: 73 });
  const g = r.findings.find((f) => f.key === 'IMG_8595')!;
  assert.equal(g.severity, 'error');
  assert.match(g.message, /'IMG_8595' \(3 images\) is spread over splits 'train', 'val' and 'test'/);
  assert.match(g.path!, /^test\/images\/IMG_8595_MOV-0_jpg/);
});
