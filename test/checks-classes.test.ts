import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backgroundShare } from '../src/checks/background.js';
import { classBalance } from '../src/checks/class-balance.js';
import { nameKey } from '../src/checks/class-names.js';
import { splitCoverage, trainingSplit } from '../src/checks/split-coverage.js';
import { makeContext } from '../src/checks/context.js';
import { makeConfig, makeDataset, relaxedConfig, yolo } from './helpers/dataset.js';

const pick = (fs: { check: string; severity: string; path?: string; line?: number; key: string }[]) =>
  fs.map((f) => ({ check: f.check, severity: f.severity, path: f.path, line: f.line, key: f.key }));

// train: 3 images with car (5 cars), 1 with person; val: 1 car image; 'bike' declared, unused
function ds() {
  return makeDataset({
    source: 'data.yaml',
    classes: ['car', 'person', 'bike'],
    splits: ['train', 'val'],
    images: [
      { path: 'images/train/a.jpg', boxes: [yolo('car', 0.2, 0.2, 0.1, 0.1), yolo('car', 0.6, 0.6, 0.1, 0.1), yolo('person', 0.4, 0.4, 0.1, 0.2)] },
      { path: 'images/train/b.jpg', boxes: [yolo('car', 0.5, 0.5, 0.2, 0.2)] },
      { path: 'images/train/c.jpg', boxes: [yolo('car', 0.5, 0.5, 0.2, 0.2), yolo('car', 0.1, 0.1, 0.1, 0.1)] },
      { path: 'images/val/d.jpg', split: 'val', boxes: [yolo('car', 0.5, 0.5, 0.2, 0.2)] },
    ],
  });
}

test('class balance: counts per class and split, unused class, imbalance ratio', () => {
  const r = classBalance(makeContext(ds(), relaxedConfig({ maxImbalanceRatio: { value: 5 } })));
  const car = r.stats.classes.find((c) => c.name === 'car')!;
  assert.deepEqual(car.bySplit, { train: { instances: 5, images: 3 }, val: { instances: 1, images: 1 } });
  assert.equal(car.instances, 6);
  assert.equal(car.images, 4);
  assert.deepEqual(r.stats.unused, ['bike']);
  assert.equal(r.stats.used, 2);
  assert.equal(r.stats.imbalanceRatio, 6);
  assert.equal(r.stats.largest, 'car');
  assert.equal(r.stats.smallest, 'person');
  // bike: unused (warning) and under the minimum of 1 instance / 1 image (warning)
  assert.deepEqual(pick(r.findings), [
    { check: 'class/unused', severity: 'warning', path: 'data.yaml', line: undefined, key: 'bike' },
    // person is in train only
    { check: 'split/class-not-evaluated', severity: 'info', path: 'data.yaml', line: undefined, key: 'train|val' },
    { check: 'class/min-instances', severity: 'warning', path: 'data.yaml', line: undefined, key: 'bike' },
    { check: 'class/min-images', severity: 'warning', path: 'data.yaml', line: undefined, key: 'bike' },
    { check: 'class/imbalance', severity: 'warning', path: 'data.yaml', line: undefined, key: '' },
  ]);
  assert.match(r.findings[4]!.message, /'car' has 6 instances .* 'person' has 1: a ratio of 6\.0, above the limit of 5/);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(r.stats)));
});

test('class minimums: gate on the whole dataset, message lists splits, severity and off respected', () => {
  const cfg = makeConfig({ minInstancesPerClass: { value: 3, severity: 'error' }, minImagesPerClass: { value: 2, severity: 'off' } });
  const r = classBalance(makeContext(ds(), cfg));
  const mins = r.findings.filter((f) => f.check.startsWith('class/min'));
  assert.deepEqual(pick(mins), [
    { check: 'class/min-instances', severity: 'error', path: 'data.yaml', line: undefined, key: 'person' },
    { check: 'class/min-instances', severity: 'error', path: 'data.yaml', line: undefined, key: 'bike' },
  ]);
  assert.equal(mins[0]!.message, "Class 'person' has 1 instance (train 1, val 0); at least 3 instances per class are recommended.");
  // imbalance 6 is under the default 50
  assert.equal(r.findings.filter((f) => f.check === 'class/imbalance').length, 0);
  const off = classBalance(makeContext(ds(), makeConfig({ maxImbalanceRatio: { value: 2, severity: 'off' }, minInstancesPerClass: { severity: 'off' }, minImagesPerClass: { severity: 'off' } })));
  assert.deepEqual(off.findings.map((f) => f.check), ['class/unused', 'split/class-not-evaluated']);
});

test('class balance: undeclared class ids are counted under #id; no source gives no path', () => {
  const d = makeDataset({ classes: ['car'], images: [{ path: 'images/a.jpg', boxes: [yolo('car', 0.5, 0.5, 0.1, 0.1), yolo(7, 0.2, 0.2, 0.1, 0.1)] }] });
  const r = classBalance(makeContext(d, relaxedConfig()));
  assert.deepEqual(r.stats.classes.map((c) => [c.name, c.declared, c.instances]), [['car', true, 1], ['#7', false, 1]]);
  assert.equal(r.findings.length, 0);
  const strict = classBalance(makeContext(d, makeConfig()));
  assert.equal(strict.findings[0]!.path, undefined);
  assert.equal(strict.findings[0]!.key, 'car');
});

test('background share per split: deliberate backgrounds vs unlabeled, range and severity', () => {
  const d = makeDataset({
    source: 'data.yaml',
    classes: ['car'],
    splits: ['train', 'val'],
    images: [
      ...Array.from({ length: 9 }, (_, i) => ({ path: `images/train/${i}.jpg`, boxes: [yolo('car', 0.5, 0.5, 0.2, 0.2)] })),
      { path: 'images/train/bg.jpg' }, // background: 1 of 11 = 9.1 %
      { path: 'images/train/u.jpg', state: 'unlabeled' as const },
      { path: 'images/val/a.jpg', split: 'val', boxes: [yolo('car', 0.5, 0.5, 0.2, 0.2)] },
      { path: 'images/val/bg1.jpg', split: 'val' },
      { path: 'images/val/bg2.jpg', split: 'val' },
      { path: 'images/val/u.jpg', split: 'val', state: 'unlabeled' as const },
    ],
  });
  const r = backgroundShare(makeContext(d, makeConfig()));
  const [train, val] = r.stats.splits;
  assert.deepEqual(train, { split: 'train', images: 11, labeled: 9, background: 1, unlabeled: 1, boxes: 9, backgroundShare: 0.090909 });
  assert.deepEqual(val, { split: 'val', images: 4, labeled: 1, background: 2, unlabeled: 1, boxes: 1, backgroundShare: 0.5 });
  assert.equal(r.stats.total.images, 15);
  assert.equal(r.stats.total.background, 3);
  assert.deepEqual(pick(r.findings), [{ check: 'split/background-share', severity: 'error', path: 'data.yaml', line: undefined, key: 'val' }]);
  assert.equal(
    r.findings[0]!.message,
    "Split 'val' has 50.0% background images (2 of 4), above the maximum of 10.0%; the allowed range is 0%–10.0%. 1 more image has no label file at all and is not counted as background.",
  );
  const min = backgroundShare(makeContext(d, makeConfig({ backgroundShare: { min: 0.1, max: 0.6, severity: 'warning' } })));
  assert.deepEqual(pick(min.findings), [{ check: 'split/background-share', severity: 'warning', path: 'data.yaml', line: undefined, key: 'train' }]);
  assert.match(min.findings[0]!.message, /below the minimum of 10\.0%/);
  assert.equal(backgroundShare(makeContext(d, makeConfig({ backgroundShare: { severity: 'off' } }))).findings.length, 0);
});

test('class names: one class spelled several ways (case, spacing, separators, plural) is flagged; distinct names are not', () => {
  assert.deepEqual(
    ['Platelets', 'platelet ', 'traffic_light', 'Traffic Light', 'buses', 'bus', 'batteries', 'battery', 'glass', 'car', 'cat', 'skis'].map(nameKey),
    ['platelet', 'platelet', 'traffic light', 'traffic light', 'bus', 'bus', 'battery', 'battery', 'glass', 'car', 'cat', 'ski'],
  );
  const d = makeDataset({
    source: 'data.yaml',
    classes: ['Platelets', 'RBC', 'Platelet', 'car', 'cat', 'Cars'],
    images: [
      { path: 'images/train/a.jpg', boxes: [yolo('Platelets', 0.2, 0.2, 0.1, 0.1), yolo('Platelets', 0.6, 0.6, 0.1, 0.1), yolo('RBC', 0.4, 0.4, 0.1, 0.2)] },
      { path: 'images/train/b.jpg', boxes: [yolo('car', 0.5, 0.5, 0.2, 0.2), yolo('cat', 0.2, 0.2, 0.1, 0.1)] },
      { path: 'images/train/c.jpg', boxes: [yolo('Platelet', 0.5, 0.5, 0.2, 0.2, { line: 3 })] },
    ],
  });
  const r = classBalance(makeContext(d, relaxedConfig()));
  assert.deepEqual(r.stats.similarNames, [['Platelets', 'Platelet'], ['car', 'Cars']]);
  const similar = r.findings.filter((f) => f.check === 'class/similar-names');
  assert.deepEqual(pick(similar), [
    { check: 'class/similar-names', severity: 'warning', path: 'data.yaml', line: undefined, key: 'Platelet / Platelets' },
    { check: 'class/similar-names', severity: 'warning', path: 'data.yaml', line: undefined, key: 'Cars / car' },
  ]);
  assert.equal(similar[0]!.message, "Classes 'Platelets' (id 0, 2 instances) and 'Platelet' (id 2, 1 instance) differ only in case, spacing or a plural ending: probably one class spelled two ways, which a model learns as different classes.");
  // one name under two ids (a YOLO names list or COCO categories with a repeat)
  const twice = makeDataset({ source: 'data.yaml', classes: ['car', 'person', 'car'], images: [{ path: 'images/train/a.jpg', boxes: [yolo(0, 0.5, 0.5, 0.2, 0.2), yolo(2, 0.2, 0.2, 0.1, 0.1), yolo(2, 0.7, 0.7, 0.1, 0.1)] }] });
  const t = classBalance(makeContext(twice, relaxedConfig())).findings.filter((f) => f.check === 'class/similar-names');
  assert.deepEqual(t.map((f) => [f.key, f.message]), [['car#0 / car#2', "Class name 'car' is declared twice ('car' (id 2, 2 instances) and 'car' (id 0, 1 instance)): a model learns each id as its own class, under one name."]]);
  // VOC has no class table: the finding points at the first box of the least used spelling
  const voc = classBalance(makeContext({ ...d, format: 'voc' }, relaxedConfig()));
  assert.deepEqual(pick(voc.findings.filter((f) => f.check === 'class/similar-names')).map((f) => [f.path, f.line]), [['labels/train/c.txt', 3], ['data.yaml', undefined]]);
});

test('split coverage: classes the training split lacks (warning) and classes an evaluation split lacks (info), one finding each', () => {
  const d = makeDataset({
    source: 'data.yaml',
    classes: ['car', 'person', 'bike', 'boat'],
    splits: ['train', 'val', 'test'],
    images: [
      { path: 'images/train/a.jpg', boxes: [yolo('car', 0.2, 0.2, 0.1, 0.1), yolo('person', 0.6, 0.6, 0.1, 0.1)] },
      { path: 'images/val/b.jpg', split: 'val', boxes: [yolo('car', 0.5, 0.5, 0.2, 0.2), yolo('bike', 0.2, 0.2, 0.1, 0.1), yolo('bike', 0.7, 0.7, 0.1, 0.1)] },
      { path: 'images/test/c.jpg', split: 'test', state: 'unlabeled' },
    ],
  });
  const r = classBalance(makeContext(d, relaxedConfig()));
  const cov = r.findings.filter((f) => f.check.startsWith('split/class'));
  assert.deepEqual(pick(cov), [
    { check: 'split/class-not-trained', severity: 'warning', path: 'data.yaml', line: undefined, key: 'val|train' },
    { check: 'split/class-not-evaluated', severity: 'info', path: 'data.yaml', line: undefined, key: 'train|val' },
  ]);
  assert.equal(cov[0]!.message, "'val' has 1 class that 'train' has no instance of: 'bike' (2). The model never sees it in training and scores nothing on it.");
  assert.equal(cov[1]!.message, "'val' has no instance of 1 class that 'train' has: 'person'. Scores on 'val' say nothing about it.");
  // the training split is the one named train*, wherever it sits; one split: nothing to compare
  assert.equal(trainingSplit(['val', 'train2017']), 'train2017');
  assert.equal(splitCoverage(['train'], r.stats.classes, 'data.yaml').length, 0);
});
