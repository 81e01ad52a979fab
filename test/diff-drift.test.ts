import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  chiSquareHomogeneity,
  chiSquareSurvival,
  driftInputs,
  driftReport,
  gammaLn,
  gammaP,
  gammaQ,
  jensenShannon,
  JS_MAJOR,
  JS_MODERATE,
  kolmogorovQ,
  ksTwoSample,
  psi,
  PSI_EPSILON,
  presorted,
  withRecords,
} from '../src/diff/drift.js';
import type { Dataset } from '../src/model.js';
import type { ImageRecord } from '../src/scan/types.js';
import { RecordTable } from '../src/scan/record-table.js';

const close = (a: number, b: number, rel = 1e-6, msg?: string) => assert.ok(Math.abs(a - b) <= rel * Math.max(1e-300, Math.abs(b)), msg ?? `${a} ≉ ${b}`);

test('ln Γ and the regularised incomplete gamma against closed forms', () => {
  close(gammaLn(0.5), Math.log(Math.sqrt(Math.PI)), 1e-12);
  close(gammaLn(10), Math.log(362880), 1e-12);
  assert.ok(Math.abs(gammaLn(1)) < 1e-12 && Math.abs(gammaLn(2)) < 1e-12);
  for (const x of [0.01, 0.5, 1, 3, 10, 40]) {
    close(gammaP(1, x), 1 - Math.exp(-x), 1e-10, `P(1,${x})`);
    close(gammaQ(1, x), Math.exp(-x), 1e-10, `Q(1,${x})`);
    // P(2, x) = 1 − e^−x (1 + x)
    close(gammaP(2, x), 1 - Math.exp(-x) * (1 + x), 1e-9, `P(2,${x})`);
  }
  assert.equal(gammaP(3, 0), 0);
  assert.ok(Number.isNaN(gammaP(-1, 1)));
});

test('χ² survival matches published critical values and the df = 1 and df = 2 closed forms', () => {
  // table values: χ²₀.₉₅ and χ²₀.₉₉
  close(chiSquareSurvival(3.841458820694124, 1), 0.05, 1e-8);
  close(chiSquareSurvival(6.634896601021214, 1), 0.01, 1e-8);
  close(chiSquareSurvival(5.991464547107979, 2), 0.05, 1e-8);
  close(chiSquareSurvival(18.307038053275146, 10), 0.05, 1e-8);
  close(chiSquareSurvival(124.34211340400407, 100), 0.05, 1e-7);
  // df = 1: P = erfc(√(x/2)); erfc(1/√2) = 0.31731050786291415, erfc(√50) = 1.5239706e-23
  close(chiSquareSurvival(1, 1), 0.31731050786291415, 1e-10);
  close(chiSquareSurvival(100, 1), 1.5239706446998e-23, 1e-6);
  // df = 2: P = e^(−x/2)
  for (const x of [0.1, 2, 30, 300]) close(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-9);
  assert.equal(chiSquareSurvival(0, 3), 1);
});

test('χ² homogeneity on a 2×3 table computed by hand', () => {
  // expected per row 15, 20, 25: χ² = 2·(25/15 + 0 + 25/25) = 16/3, df 2, p = e^(−8/3)
  const r = chiSquareHomogeneity([10, 20, 30], [20, 20, 20]);
  close(r.chi2, 16 / 3, 1e-12);
  assert.equal(r.df, 2);
  close(r.p, Math.exp(-8 / 3), 1e-9);
  // a category empty on both sides does not count
  assert.equal(chiSquareHomogeneity([10, 0, 20, 30], [20, 0, 20, 20]).df, 2);
  assert.deepEqual(chiSquareHomogeneity([5], [7]), { chi2: 0, df: 0, p: 1 });
  assert.equal(chiSquareHomogeneity([0, 0], [3, 4]).p, 1);
});

test('Jensen–Shannon divergence in bits', () => {
  assert.equal(jensenShannon([3, 5], [6, 10]), 0);
  assert.equal(jensenShannon([1, 0], [0, 1]), 1);
  // ½·log2(4/3) + ½·(½·log2(2/3) + ½·log2(2)) = 0.311278…
  close(jensenShannon([1, 0], [1, 1]), 0.5 * Math.log2(4 / 3) + 0.5 * (0.5 * Math.log2(2 / 3) + 0.5), 1e-12);
  close(jensenShannon([1, 0], [1, 1]), 0.3112781244591328, 1e-12);
  // thresholds derived from PSI 0.1 / 0.25
  close(JS_MODERATE, 0.018033688, 1e-6);
  close(JS_MAJOR, 0.045084220, 1e-6);
});

test('Kolmogorov–Smirnov: statistic with ties, Kolmogorov distribution quantiles, asymptotic p', () => {
  // K quantiles: P(K > 1.3581) = 0.05, P(K > 1.6276) = 0.01, P(K > 1.2238) = 0.10
  close(kolmogorovQ(1.3580986393225505), 0.05, 1e-6);
  close(kolmogorovQ(1.6276236115189502), 0.01, 1e-6);
  close(kolmogorovQ(1.2238478702170823), 0.1, 1e-6);
  assert.equal(kolmogorovQ(0.1), 1);
  assert.equal(kolmogorovQ(0.5), 0.9639452436648751);

  assert.equal(ksTwoSample([1, 2, 3, 4], [2.5, 3.5, 4.5, 5.5, 6.5]).d, 0.6);
  close(ksTwoSample([1, 1, 2], [1, 2, 2]).d, 1 / 3, 1e-12);
  assert.equal(ksTwoSample([1, 2, 3], [4, 5, 6]).d, 1);
  assert.deepEqual(ksTwoSample([], [1]), { d: 0, p: 1 });

  const grid = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
  const same = ksTwoSample(grid, [...grid].reverse());
  assert.deepEqual(same, { d: 0, p: 1 });
  const ints = Array.from({ length: 1000 }, (_, i) => i);
  const shifted = ksTwoSample(ints, ints.map((v) => v + 100));
  close(shifted.d, 0.1, 1e-12);
  // λ = (√500 + 0.12 + 0.11/√500)·0.1
  const en = Math.sqrt(500);
  close(shifted.p, kolmogorovQ((en + 0.12 + 0.11 / en) * 0.1), 1e-12);
  assert.ok(shifted.p < 1e-3 && shifted.p > 1e-5, String(shifted.p));
});

test('PSI on ten base deciles, with epsilon for empty bins', () => {
  const base = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(psi(base, base), 0);
  // head: half at 5 (first decile), half at 95 (last decile), none in the 8 middle bins
  const head = [...Array(50).fill(5), ...Array(50).fill(95)];
  const expected = 2 * (0.5 - 0.1) * Math.log(0.5 / 0.1) + 8 * (PSI_EPSILON - 0.1) * Math.log(PSI_EPSILON / 0.1);
  close(psi(base, head), expected, 1e-12);
  // ties in the base merge edges: all-equal base → two bins (≤ 3, > 3)
  const p = psi([3, 3, 3, 3], [3, 3, 4, 4]);
  close(p, (0.5 - 1) * Math.log(0.5 / 1) + (0.5 - PSI_EPSILON) * Math.log(0.5 / PSI_EPSILON), 1e-12);
});

test('driftReport verdicts: significance and size both needed', () => {
  const grid = Array.from({ length: 2000 }, (_, i) => i / 2000);
  const r = driftReport(
    { classCounts: { a: 500, b: 500 }, samples: { box_width: grid, brightness: grid, boxes_per_image: grid, tiny: [1, 2] } },
    {
      classCounts: { a: 700, b: 300 },
      samples: { box_width: grid.map((v) => v + 0.5), brightness: grid.map((v) => v + 0.01), boxes_per_image: grid.map((v) => v + 0.08), tiny: [1, 2, 3] },
    },
  );
  // JS(0.5/0.5 vs 0.7/0.3) ≈ 0.0303 bits: between the two thresholds, χ² p tiny
  assert.equal(r.classes.verdict, 'moderate shift');
  assert.ok(r.classes.p < 1e-10);
  close(r.classes.js, jensenShannon([5, 5], [7, 3]), 1e-5);
  assert.deepEqual(r.classes.largest.map((x) => x.class), ['a', 'b']);
  const v = Object.fromEntries(r.metrics.map((m) => [m.metric, m.verdict]));
  // shift 0.08 of a uniform: PSI = −0.08·ln 0.2 + 0.08·ln 1.8 ≈ 0.176 (moderate), KS D = 0.08 on 2000 + 2000 (significant)
  close(r.metrics.find((m) => m.metric === 'boxes_per_image')!.psi, -0.08 * Math.log(0.2) + 0.08 * Math.log(1.8), 1e-3);
  assert.deepEqual(v, { box_width: 'major shift', brightness: 'no meaningful drift', boxes_per_image: 'moderate shift', tiny: 'not enough data' });
  assert.equal(r.overall, 'major shift');
  assert.equal(r.metrics.find((m) => m.metric === 'box_width')!.label, 'box width (fraction of image width)');

  assert.equal(driftReport({ classCounts: { a: 500, b: 500 }, samples: {} }, { classCounts: { a: 900, b: 100 }, samples: {} }).classes.verdict, 'major shift');
  // a visible but not significant change on few boxes is no drift
  assert.equal(driftReport({ classCounts: { a: 6, b: 5 }, samples: {} }, { classCounts: { a: 4, b: 7 }, samples: {} }).classes.verdict, 'no meaningful drift');
  assert.equal(driftReport({ classCounts: { a: 3 }, samples: {} }, { classCounts: { a: 300 }, samples: {} }).classes.verdict, 'not enough data');
  // significant but below the moderate size (JS(0.5 vs 0.55) ≈ 0.0036 bits, p ≈ 1e-12): a small shift, not "no drift"
  const small = driftReport({ classCounts: { a: 10000, b: 10000 }, samples: {} }, { classCounts: { a: 11000, b: 9000 }, samples: {} });
  assert.deepEqual([small.classes.verdict, small.overall], ['small shift', 'small shift']);
  assert.ok(small.classes.p < 1e-6 && small.classes.js < JS_MODERATE);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('driftInputs: class counts, box sizes, boxes per annotated image, image statistics from records', () => {
  const ds: Dataset = {
    root: '/x',
    format: 'yolo',
    classes: [{ id: 0, name: 'cat' }, { id: 1, name: 'dog' }],
    splits: ['train'],
    images: [
      { id: 0, path: 'a.jpg', split: 'train', labelState: 'labeled', exists: true, width: 100, height: 50 },
      { id: 1, path: 'b.jpg', split: 'train', labelState: 'background', exists: true },
      { id: 2, path: 'c.jpg', split: 'train', labelState: 'unlabeled', exists: true },
    ],
    boxes: [
      { image: 0, classId: 0, x1: 0.1, y1: 0.1, x2: 0.3, y2: 0.5, file: 'a.txt' },
      { image: 0, classId: 1, x1: 0, y1: 0, x2: 0.5, y2: 0.5, file: 'a.txt' },
      { image: 0, classId: 7, x1: 0.5, y1: 0.5, x2: 0.5, y2: 0.6, file: 'a.txt' },
    ],
    orphans: [],
    findings: [],
    notes: [],
  };
  const stats = (brightness: number) => ({ brightness, mean: 0.5, contrast: 0.1, sharpness: 2, entropy: 4 }) as unknown as ImageRecord['stats'];
  const records: (ImageRecord | undefined)[] = [
    { v: 1, hash: 'a', bytes: 1, stats: stats(0.25) },
    { v: 1, hash: 'b', bytes: 1, error: { kind: 'corrupt', message: 'x' } },
    undefined,
  ];
  const inp = driftInputs(ds, RecordTable.from(records));
  assert.deepEqual(inp.classCounts, { cat: 1, dog: 1, '#7': 1 });
  assert.deepEqual(inp.samples.boxes_per_image, [3, 0]);
  assert.deepEqual(inp.samples.box_width!.map((v) => Math.round(v * 100) / 100), [0.2, 0.5]);
  assert.deepEqual(inp.samples.box_area!.map((v) => Math.round(v * 100) / 100), [0.08, 0.25]);
  assert.deepEqual(inp.samples.image_width, [100]);
  assert.deepEqual(inp.samples.brightness, [0.25]);
  assert.equal(driftInputs(ds).samples.brightness, undefined);
  // sorted ahead (compare.ts: the label side while the images decode, the records' part after): the same report
  const recs = RecordTable.from(records);
  const other = driftInputs({ ...ds, boxes: ds.boxes.slice(1) }, recs);
  assert.deepEqual(driftReport(presorted(other), withRecords(presorted(driftInputs(ds)), recs)), driftReport(other, driftInputs(ds, recs)));
  assert.deepEqual(Object.keys(withRecords(presorted(driftInputs(ds)), recs).samples), Object.keys(driftInputs(ds, recs).samples));
});
