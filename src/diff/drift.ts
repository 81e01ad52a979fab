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
import { boxesByImage, classNameMap, className, type Dataset } from '../model.js';
import { RecordTable } from '../scan/record-table.js';
import { chiSquareHomogeneity, jensenShannon, ksTwoSample, psi, psiCounts, quantileSorted, sortedFinite } from './stats.js';

export * from './stats.js';

export type DriftVerdict = 'no meaningful drift' | 'small shift' | 'moderate shift' | 'major shift' | 'not enough data';

export const SIGNIFICANCE = 0.05;
export const PSI_MODERATE = 0.1;
export const PSI_MAJOR = 0.25;
export const JS_MODERATE = PSI_MODERATE / (8 * Math.LN2);
export const JS_MAJOR = PSI_MAJOR / (8 * Math.LN2);
/** fewer values than this on a side: no verdict */
export const MIN_SAMPLE = 5;

export interface DriftInputs {
  /** instances per class name */
  classCounts: Record<string, number>;
  /** metric key → values */
  samples: Record<string, number[]>;
}

/** Label-side inputs (driftInputs without records) completed with the records' image statistics: driftInputs(ds, records). */
export function withRecords(labels: SortedDriftInputs, records: RecordTable | undefined): SortedDriftInputs {
  return records ? { classCounts: labels.classCounts, samples: { ...labels.samples, ...recordStats(records) } } : labels;
}

/** Drift inputs whose samples may come sorted already (presorted). */
export type SortedDriftInputs = Omit<DriftInputs, 'samples'> & { samples: Record<string, ArrayLike<number>> };

/**
 * The same inputs with every sample already sorted (sortedFinite), so driftReport does not sort
 * them: a comparison sorts the base's while it waits for the head's decodes.
 */
export function presorted(d: DriftInputs): SortedDriftInputs {
  return { classCounts: d.classCounts, samples: Object.fromEntries(Object.entries(d.samples).map(([k, v]) => [k, sortedFinite(v)])) };
}

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

/**
 * Drift inputs of one dataset: instances per class; boxes per annotated image; normalised box
 * width, height and area; image width and height; and, from scan records (aligned with
 * ds.images) or as recordStats took them, brightness, mean, contrast, sharpness and entropy.
 */
export function driftInputs(ds: Dataset, records?: RecordTable | Record<string, number[]>): DriftInputs {
  const names = classNameMap(ds);
  // counted per id first (one map update per box), then per name (ids may share a name), in the
  // order of each name's first box as before
  const perId = new Map<number, number>();
  for (const b of ds.boxes) perId.set(b.classId, (perId.get(b.classId) ?? 0) + 1);
  const classCounts: Record<string, number> = {};
  for (const [id, c] of perId) {
    const n = className(names, id);
    classCounts[n] = (classCounts[n] ?? 0) + c;
  }
  const s: Record<string, number[]> = {
    boxes_per_image: [],
    box_width: [],
    box_height: [],
    box_area: [],
    image_width: [],
    image_height: [],
  };
  const per = boxesByImage(ds);
  for (const img of ds.images) {
    if (img.labelState !== 'unlabeled') s.boxes_per_image!.push(per[img.id]?.length ?? 0);
    if (img.width && img.height) {
      s.image_width!.push(img.width);
      s.image_height!.push(img.height);
    }
  }
  for (const b of ds.boxes) {
    const w = b.x2 - b.x1;
    const h = b.y2 - b.y1;
    if (!(w > 0) || !(h > 0) || !Number.isFinite(w * h)) continue;
    s.box_width!.push(w);
    s.box_height!.push(h);
    s.box_area!.push(w * h);
  }
  if (records) Object.assign(s, records instanceof RecordTable ? recordStats(records) : records);
  return { classCounts, samples: s };
}

const IMAGE_STATS = ['brightness', 'mean', 'contrast', 'sharpness', 'entropy'] as const;

/** The image statistics drift compares, from scan records (kept with a cached analysis: analysis-cache.ts). */
export function recordStats(records: RecordTable): Record<string, number[]> {
  const s: Record<string, number[]> = {};
  for (const k of IMAGE_STATS) s[k] = [];
  for (let i = 0; i < records.length; i++) {
    if (!records.hasStats(i)) continue;
    for (const k of IMAGE_STATS) {
      const v = records.stat(k, i);
      if (Number.isFinite(v)) s[k]!.push(v);
    }
  }
  return s;
}

function round(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
}
