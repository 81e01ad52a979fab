/**
 * Outliers on the image statistics (outlier/<metric>): every scalar of PixelStats (var left out:
 * it is std², so it would repeat std's findings), the per-channel means and stds of colour images,
 * and file bytes per pixel (unusual compression or noise). Width, height and aspect ratio are left
 * to quality/odd-size and quality/odd-aspect-ratio: image sizes take a few discrete values (the
 * aquarium set has 4), on which these methods flag every minority size.
 *
 * Four methods, each giving a lower and an upper bound (DataEval's set, restated):
 *   - zscore: mean ± 3.0·std;
 *   - modified z: |0.6745·(x − median)/MAD| > 3.5 (robust.ts, mean-abs-dev fallback when MAD = 0);
 *   - IQR: outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR] (midpoint quartiles);
 *   - adaptive double MAD (DataEval's default, after NannyML): separate MADs below and above the
 *     median; each side's multiplier (3.5) grows by log1p(excess) when its p90/MAD ratio exceeds
 *     the normal 1.91; a point mass (> 50 % of values equal) uses the MAD of the other values when
 *     they form a smooth tail, the global mean absolute deviation when they are discrete jumps.
 * A value is an outlier when at least outliers.minMethods (default 3) of the 4 methods flag it —
 * one method alone flags ~1 % of any skewed metric and would flood the report. Bounds are derived
 * over the whole dataset and, with outliers.perClass, within every class that has at least
 * minClassImages images (an image belongs to each class it has boxes of). Scopes with fewer than
 * MIN_VALUES values are skipped. One finding per (image, metric), naming the direction, the value,
 * the typical range (5th–95th percentile), the methods and the scopes; at most maxFindings
 * findings: the most extreme (largest modified z) of each metric, metrics taken in turn.
 */
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import { enabled } from './context.js';
import type { ImageContext } from './images.js';
import { methodBounds, type OutlierMethod } from './outlier-bounds.js';
import { METRICS, MIN_VALUES, modifiedZReach, type Metric } from './outlier-metrics.js';
import { ScopeSorter } from './outlier-scopes.js';
import { modifiedZ, quantileSorted, robustScaleSorted, round } from './robust.js';


export interface OutlierStats {
  metrics: string[];
  /** (image, metric) outliers found, and those reported (after maxFindings) */
  flagged: number;
  reported: number;
  /** metric → outliers found */
  byMetric: Record<string, number>;
  /** classes whose own bounds were derived */
  classScopes: number;
  minMethods: number;
}

const METHOD_TEXT: Record<OutlierMethod, string> = { zscore: 'z-score', 'modified-z': 'modified z-score', iqr: 'IQR', adaptive: 'adaptive double-MAD' };

interface Hit {
  image: number;
  metric: Metric;
  value: number;
  high: boolean;
  score: number;
  scopes: { scope: string; methods: OutlierMethod[]; median: number; p5: number; p95: number }[];
}

export function outliers(ix: ImageContext): CheckResult<OutlierStats> {
  const { ds, cfg, byImage } = ix.cx;
  const t = cfg.thresholds.outliers;
  const st: OutlierStats = { metrics: METRICS.map((m) => m.id), flagged: 0, reported: 0, byMetric: {}, classScopes: 0, minMethods: t.minMethods };
  if (!enabled(t.severity)) return { id: 'outliers', stats: st, findings: [] };

  const usable: number[] = [];
  for (let i = 0; i < ds.images.length; i++) {
    if (ix.records.hasStats(i)) usable.push(i);
  }
  const scopes: { name: string; images: number[] }[] = [{ name: 'dataset', images: usable }];
  if (t.perClass) {
    const byClass = new Map<number, number[]>();
    for (const i of usable) for (const c of new Set((byImage[i] ?? []).map((b) => b.classId))) (byClass.get(c) ?? byClass.set(c, []).get(c)!).push(i);
    for (const [c, images] of [...byClass].sort((a, b) => a[0] - b[0]))
      if (images.length >= Math.max(t.minClassImages, MIN_VALUES)) scopes.push({ name: ix.cx.nameOf(c), images });
    st.classScopes = scopes.length - 1;
  }

  const hits = new Map<string, Hit>();
  // one set of buffers for every (metric, scope): at 1M images, fresh arrays per scope left
  // gigabytes of garbage behind
  const n = ds.images.length;
  const column = new Float64Array(n);
  const scratch = new Float64Array(n);
  const sorter = new ScopeSorter(n, usable, scopes.slice(1).map((sc) => sc.images));
  for (const metric of METRICS) {
    // each record's value read once per metric (NaN: none), then every scope sorted from it
    column.fill(NaN);
    for (const i of usable) column[i] = metric.get(ix.records, i);
    sorter.sort(column);
    scopes.forEach((scope, si) => {
      const s = sorter.values(si);
      const ids = sorter.images(si);
      const len = s.length;
      if (len < MIN_VALUES) return;
      // the z-score's mean and std are summed in ascending order (as the other methods read them)
      const bounds = methodBounds(s, s, t, scratch);
      const sc = robustScaleSorted(s);
      const p5 = quantileSorted(s, 0.05);
      const p95 = quantileSorted(s, 0.95);
      const outside = (b: (typeof bounds)[number][1], v: number) => (b.lo !== undefined && v < b.lo) || (b.hi !== undefined && v > b.hi);
      const [lo0, lo1, lo2] = bounds.map(([, b]) => b.lo ?? -Infinity) as [number, number, number];
      const [hi0, hi1, hi2] = bounds.map(([, b]) => b.hi ?? Infinity) as [number, number, number];
      const mzLimit = t.modifiedZ;
      const minMethods = t.minMethods;
      // a value no method flags lies inside every bound: only the two ends of the sorted values,
      // outside the narrowest pair, are counted (a few percent of them)
      const mzReach = modifiedZReach(sc, mzLimit);
      const loAny = Math.max(lo0, lo1, lo2, sc.median - mzReach);
      const hiAny = Math.min(hi0, hi1, hi2, sc.median + mzReach);
      const visit = (k: number) => {
        const v = s[k]!;
        const mz = Math.abs(modifiedZ(v, sc)) > mzLimit;
        const count = (mz ? 1 : 0) + (v < lo0 || v > hi0 ? 1 : 0) + (v < lo1 || v > hi1 ? 1 : 0) + (v < lo2 || v > hi2 ? 1 : 0);
        if (count < minMethods) return;
        const methods: OutlierMethod[] = mz ? ['modified-z'] : [];
        for (const [m, b] of bounds) if (outside(b, v)) methods.push(m);
        const high = v > sc.median;
        const image = ids[k]!;
        const key = `${image}\u0000${metric.id}`;
        let h = hits.get(key);
        if (!h) hits.set(key, (h = { image, metric, value: v, high, score: 0, scopes: [] }));
        h.score = Math.max(h.score, Math.abs(modifiedZ(v, sc)));
        h.scopes.push({ scope: scope.name, methods: order(methods), median: sc.median, p5, p95 });
      };
      let k = 0;
      for (; k < len && s[k]! < loAny; k++) visit(k);
      for (let j = len - 1; j >= k && s[j]! > hiAny; j--) visit(j);
    });
  }

  const all = [...hits.values()];
  st.flagged = all.length;
  for (const h of all) st.byMetric[h.metric.id] = (st.byMetric[h.metric.id] ?? 0) + 1;
  const kept = pickFindings(all, t.maxFindings);
  st.reported = kept.length;
  const findings: Finding[] = kept.map((h) => {
    const img = ds.images[h.image]!;
    const fmt = (x: number) => fmtValue(x, h.metric.integer);
    const first = h.scopes[0]!;
    const where = h.scopes.map((s) => (s.scope === 'dataset' ? 'across the dataset' : `within class '${s.scope}'`));
    const methods = [...new Set(h.scopes.flatMap((s) => s.methods))];
    return finding({
      check: `outlier/${h.metric.id}`,
      severity: t.severity as 'error' | 'warning' | 'info',
      path: img.path,
      key: '',
      message:
        `Image ${img.path} has an unusually ${h.high ? 'high' : 'low'} ${h.metric.label}: ${fmt(h.value)} ` +
        `(${first.scope === 'dataset' ? 'dataset' : `class '${first.scope}'`} median ${fmt(first.median)}, 90 % of images between ${fmt(first.p5)} and ${fmt(first.p95)}); ` +
        `flagged by ${join(methods.map((m) => METHOD_TEXT[m]))} ${join(where)}.`,
      data: {
        metric: h.metric.id,
        value: round(h.value),
        direction: h.high ? 'high' : 'low',
        scopes: h.scopes.map((s) => ({ scope: s.scope, methods: s.methods, median: round(s.median), p5: round(s.p5), p95: round(s.p95) })),
      },
    });
  });
  return { id: 'outliers', stats: st, findings };
}

/**
 * The findings to report: the most extreme of each metric first, taking metrics in turn
 * (round-robin), so that one metric with a tiny spread cannot fill the whole quota.
 */
function pickFindings(all: Hit[], max: number): Hit[] {
  const byMetric = new Map<string, Hit[]>();
  for (const h of all) (byMetric.get(h.metric.id) ?? byMetric.set(h.metric.id, []).get(h.metric.id)!).push(h);
  const lists = METRICS.map((m) => (byMetric.get(m.id) ?? []).sort((a, b) => b.score - a.score || a.image - b.image)).filter((l) => l.length);
  const out: Hit[] = [];
  for (let k = 0; out.length < max && lists.some((l) => l.length > k); k++)
    for (const l of lists) if (l[k] && out.length < max) out.push(l[k]!);
  return out;
}

const METHOD_ORDER: OutlierMethod[] = ['zscore', 'modified-z', 'iqr', 'adaptive'];
function order(ms: OutlierMethod[]): OutlierMethod[] {
  return METHOD_ORDER.filter((m) => ms.includes(m));
}

function join(xs: string[]): string {
  return xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : (xs[0] ?? '');
}

function fmtValue(x: number, integer?: boolean): string {
  if (integer) return String(Math.round(x));
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 0.001 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}
