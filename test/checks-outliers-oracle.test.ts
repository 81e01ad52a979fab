/**
 * The outlier check against a plain restatement of it: every scope gathered in image order and
 * sorted on its own, every value tested by all four methods. The check sorts the dataset once,
 * takes the class scopes from that order and tests only the two ends of each scope; the findings
 * and statistics must be identical, on random data with planted extremes, missing statistics,
 * records kept whole (float64 values: the comparison-sort path) and several classes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeContext } from '../src/checks/context.js';
import type { ImageContext } from '../src/checks/images.js';
import { methodBounds, type OutlierMethod } from '../src/checks/outlier-bounds.js';
import { METRICS, MIN_VALUES } from '../src/checks/outlier-metrics.js';
import { outliers } from '../src/checks/outliers.js';
import { modifiedZ, quantileSorted, robustScaleSorted, round } from '../src/checks/robust.js';
import { RecordTable } from '../src/scan/record-table.js';
import type { ImageRecord } from '../src/scan/types.js';
import { makeConfig, makeDataset, yolo } from './helpers/dataset.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const KEYS = ['mean', 'std', 'var', 'skew', 'kurtosis', 'entropy', 'zeros', 'brightness', 'darkness', 'contrast', 'sharpness'] as const;

function world(seed: number) {
  const r = rng(seed);
  const n = 150 + Math.floor(r() * 500);
  const classes = ['a', 'b', 'c', 'd'];
  const images = Array.from({ length: n }, (_, i) => {
    const cls = classes.filter((_, c) => r() < [0.9, 0.5, 0.3, 0.1][c]!);
    return { path: `images/${String(i).padStart(4, '0')}.jpg`, boxes: cls.map((c) => yolo(c, 0.5, 0.5, 0.2, 0.2)) };
  });
  const records: (ImageRecord | undefined)[] = images.map((_, i) => {
    if (r() < 0.03) return undefined; // not scanned
    const heavy = r() < 0.05 ? 8 + r() * 20 : 1;
    const stat = (j: number) => {
      const base = r() < 0.1 ? Math.round(r() * 4) / 4 : 0.3 + 0.05 * j + 0.1 * (r() - 0.5) * heavy; // point masses too
      return Math.fround(base);
    };
    const stats: Record<string, unknown> = Object.fromEntries(KEYS.map((k, j) => [k, stat(j)]));
    stats.channelMean = [0, 1, 2].map(() => Math.fround(0.5 + 0.1 * (r() - 0.5) * heavy));
    stats.channelStd = [0, 1, 2].map(() => Math.fround(0.2 + 0.05 * (r() - 0.5) * heavy));
    const rec: ImageRecord = { v: 1, hash: `h${i}`, bytes: Math.round(3000 + 2000 * r() * heavy), format: 'jpeg', width: 64, height: 48, channels: 3, stats: stats as unknown as ImageRecord['stats'] };
    // a few records kept whole by the table (a field it has no column for): float64 statistics
    if (r() < 0.04) Object.assign(rec, { extra: 'kept whole' }, { stats: { ...rec.stats, mean: 0.3 + r() * 0.1 + 1e-9 } });
    return rec;
  });
  return { ds: makeDataset({ classes, images }), records };
}

/** The check restated with no shortcut. */
function oracle(ix: ImageContext) {
  const { ds, cfg, byImage } = ix.cx;
  const t = cfg.thresholds.outliers;
  const usable = ds.images.map((_, i) => i).filter((i) => ix.records.hasStats(i));
  const scopes: { name: string; images: number[] }[] = [{ name: 'dataset', images: usable }];
  const byClass = new Map<number, number[]>();
  for (const i of usable) for (const c of new Set((byImage[i] ?? []).map((b) => b.classId))) (byClass.get(c) ?? byClass.set(c, []).get(c)!).push(i);
  for (const [c, images] of [...byClass].sort((a, b) => a[0] - b[0])) if (images.length >= Math.max(t.minClassImages, MIN_VALUES)) scopes.push({ name: ix.cx.nameOf(c), images });
  const out = new Map<string, { value: number; scopes: { scope: string; methods: OutlierMethod[]; median: number; p5: number; p95: number }[] }>();
  for (const metric of METRICS)
    for (const scope of scopes) {
      const pairs = scope.images.map((i) => [i, metric.get(ix.records, i)] as const).filter(([, v]) => Number.isFinite(v));
      if (pairs.length < MIN_VALUES) continue;
      const s = Float64Array.from(pairs, ([, v]) => v).sort();
      const bounds = methodBounds(s, s, t);
      const sc = robustScaleSorted(s);
      for (const [i, v] of pairs) {
        const methods: OutlierMethod[] = Math.abs(modifiedZ(v, sc)) > t.modifiedZ ? ['modified-z'] : [];
        for (const [m, b] of bounds) if ((b.lo !== undefined && v < b.lo) || (b.hi !== undefined && v > b.hi)) methods.push(m);
        if (methods.length < t.minMethods) continue;
        const key = `${ds.images[i]!.path}|${metric.id}`;
        const h = out.get(key) ?? out.set(key, { value: v, scopes: [] }).get(key)!;
        const ordered = (['zscore', 'modified-z', 'iqr', 'adaptive'] as OutlierMethod[]).filter((m) => methods.includes(m));
        h.scopes.push({ scope: scope.name, methods: ordered, median: round(sc.median), p5: round(quantileSorted(s, 0.05)), p95: round(quantileSorted(s, 0.95)) });
      }
    }
  return out;
}

test('outliers: identical to the plain restatement on random data (sorted once, class scopes taken in order, only the ends tested)', () => {
  let total = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const { ds, records } = world(seed);
    const ix: ImageContext = { cx: makeContext(ds, makeConfig({ outliers: { maxFindings: 1e6, minClassImages: 50, minMethods: 1 + (seed % 3) } })), records: RecordTable.from(records) };
    const got = outliers(ix);
    const want = oracle(ix);
    const seen = new Map(got.findings.map((f) => [`${f.path}|${(f.data as { metric: string }).metric}`, f.data as { value: number; scopes: unknown[] }]));
    assert.equal(got.stats.flagged, want.size, `seed ${seed}`);
    assert.deepEqual([...seen.keys()].sort(), [...want.keys()].sort(), `seed ${seed}`);
    for (const [k, w] of want) {
      assert.equal(seen.get(k)!.value, round(w.value), `seed ${seed} ${k}`);
      assert.deepEqual(seen.get(k)!.scopes, w.scopes, `seed ${seed} ${k}`);
    }
    total += want.size;
  }
  assert.ok(total > 200, `the worlds have outliers to find (${total})`);
});
