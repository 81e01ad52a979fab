/**
 * Drift between two versions of a dataset, in plain words.
 *
 * Class distribution: χ² homogeneity test (is the change real?) and Jensen–Shannon divergence
 * in bits (how big is it?). Numeric samples (box sizes, boxes per image, image statistics):
 * two-sample KS (is it real?) and PSI on 10 quantile bins of the base (how big?).
 *
 * A verdict needs both: significance (p < 0.05) and size. Sizes use the PSI conventions of
 * credit-risk monitoring: < 0.1 small (when significant: real but minor), 0.1–0.25 moderate,
 * ≥ 0.25 major; not significant is no meaningful drift, whatever the size. For small
 * shifts JS (in nats) ≈ PSI / 8 (both are second-order in p − q: PSI ≈ Σ δ²/m, JS ≈ Σ δ²/(8m)),
 * so the same conventions in bits are JS 0.1/(8 ln 2) ≈ 0.018 and 0.25/(8 ln 2) ≈ 0.045.
 */
import type { SortedDriftInputs } from './drift-inputs.js';
import { chiSquareHomogeneity, jensenShannon, ksTwoSample, psi, psiCounts, quantileSorted, sortedFinite } from './stats.js';

export * from './drift-inputs.js';
export * from './stats.js';

export type DriftVerdict = 'no meaningful drift' | 'small shift' | 'moderate shift' | 'major shift' | 'not enough data';

export const SIGNIFICANCE = 0.05;
export const PSI_MODERATE = 0.1;
export const PSI_MAJOR = 0.25;
export const JS_MODERATE = PSI_MODERATE / (8 * Math.LN2);
export const JS_MAJOR = PSI_MAJOR / (8 * Math.LN2);
/** fewer values than this on a side: no verdict */
export const MIN_SAMPLE = 5;

export interface ClassDrift {
  chi2: number;
  df: number;
  p: number;
  /** Jensen–Shannon divergence, bits, 0..1 */
  js: number;
  psi: number;
  baseTotal: number;
  headTotal: number;
  verdict: DriftVerdict;
  /** classes whose share moved most, largest first (share in 0..1) */
  largest: { class: string; baseShare: number; headShare: number }[];
}

export interface MetricDrift {
  metric: string;
  label: string;
  nBase: number;
  nHead: number;
  baseMedian: number | null;
  headMedian: number | null;
  /** KS statistic */
  ks: number;
  p: number;
  psi: number;
  verdict: DriftVerdict;
}

export interface DriftReport {
  classes: ClassDrift;
  metrics: MetricDrift[];
  /** the worst verdict of all */
  overall: DriftVerdict;
}

export const METRIC_LABELS: Record<string, string> = {
  boxes_per_image: 'boxes per image',
  box_width: 'box width (fraction of image width)',
  box_height: 'box height (fraction of image height)',
  box_area: 'box area (fraction of image)',
  image_width: 'image width (px)',
  image_height: 'image height (px)',
  brightness: 'image brightness',
  mean: 'mean pixel value',
  contrast: 'image contrast',
  sharpness: 'image sharpness',
  entropy: 'image entropy',
};

const RANK: Record<DriftVerdict, number> = { 'not enough data': 0, 'no meaningful drift': 1, 'small shift': 2, 'moderate shift': 3, 'major shift': 4 };

/** The verdict of a significant change by its size: below the moderate size it is a small shift. */
export function sizeVerdict(size: number, moderate: number, major: number): DriftVerdict {
  return size >= major ? 'major shift' : size >= moderate ? 'moderate shift' : 'small shift';
}

export function driftReport(base: SortedDriftInputs, head: SortedDriftInputs): DriftReport {
  const names = [...new Set([...Object.keys(base.classCounts), ...Object.keys(head.classCounts)])].sort();
  const a = names.map((n) => base.classCounts[n] ?? 0);
  const b = names.map((n) => head.classCounts[n] ?? 0);
  const ta = a.reduce((s, x) => s + x, 0);
  const tb = b.reduce((s, x) => s + x, 0);
  const chi = chiSquareHomogeneity(a, b);
  const js = jensenShannon(a, b);
  const classes: ClassDrift = {
    chi2: round(chi.chi2),
    df: chi.df,
    p: chi.p,
    js: round(js),
    psi: round(psiCounts(a, b)),
    baseTotal: ta,
    headTotal: tb,
    verdict: ta < MIN_SAMPLE || tb < MIN_SAMPLE ? 'not enough data' : chi.p >= SIGNIFICANCE ? 'no meaningful drift' : sizeVerdict(js, JS_MODERATE, JS_MAJOR),
    largest: names
      .map((n, i) => ({ class: n, baseShare: round(ta ? a[i]! / ta : 0), headShare: round(tb ? b[i]! / tb : 0) }))
      .filter((r) => r.baseShare !== r.headShare)
      .sort((x, y) => round(Math.abs(y.headShare - y.baseShare)) - round(Math.abs(x.headShare - x.baseShare)) || (x.class < y.class ? -1 : 1))
      .slice(0, 5),
  };

  const keys = [...new Set([...Object.keys(base.samples), ...Object.keys(head.samples)])];
  const metrics: MetricDrift[] = keys.map((metric) => {
    const xs = sortedFinite(base.samples[metric] ?? []);
    const ys = sortedFinite(head.samples[metric] ?? []);
    const ks = ksTwoSample(xs, ys);
    const p = psi(xs, ys);
    const enough = xs.length >= MIN_SAMPLE && ys.length >= MIN_SAMPLE;
    return {
      metric,
      label: METRIC_LABELS[metric] ?? metric,
      nBase: xs.length,
      nHead: ys.length,
      baseMedian: xs.length ? round(quantileSorted(xs, 0.5)) : null,
      headMedian: ys.length ? round(quantileSorted(ys, 0.5)) : null,
      ks: round(ks.d),
      p: ks.p,
      psi: round(p),
      verdict: !enough ? 'not enough data' : ks.p >= SIGNIFICANCE ? 'no meaningful drift' : sizeVerdict(p, PSI_MODERATE, PSI_MAJOR),
    };
  });
  const all = [classes.verdict, ...metrics.map((m) => m.verdict)];
  const overall = all.reduce<DriftVerdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'not enough data');
  return { classes, metrics, overall };
}

function round(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
}
