/**
 * What the outlier check (outliers.ts) measures: the metrics read from the scan records, the
 * smallest scope worth bounds, and how far the modified z-score lets a value lie.
 */
import type { RecordTable } from '../scan/record-table.js';
import type { RobustScale } from './robust.js';

export interface Metric {
  id: string;
  label: string;
  integer?: boolean;
  /** the image's value, NaN when it has none */
  get(t: RecordTable, i: number): number;
}

const CH = ['red', 'green', 'blue'];
const STAT_KEYS = ['mean', 'std', 'skew', 'kurtosis', 'entropy', 'zeros', 'brightness', 'darkness', 'contrast', 'sharpness'] as const;

export const METRICS: Metric[] = [
  ...STAT_KEYS.map((k): Metric => ({ id: k, label: k === 'zeros' ? 'fraction of zero pixels' : k, get: (t, i) => t.stat(k, i) })),
  ...CH.map((c, k): Metric => ({ id: `channel-mean-${c}`, label: `${c} channel mean`, get: (t, i) => t.channel('mean', k, i) })),
  ...CH.map((c, k): Metric => ({ id: `channel-std-${c}`, label: `${c} channel std`, get: (t, i) => t.channel('std', k, i) })),
  // compression level: comparable only within one codec, so JPEGs only (most datasets)
  { id: 'bytes-per-pixel', label: 'JPEG bytes per pixel', get: (t, i) => t.bytesPerPixel(i, 'jpeg') },
];

/** below this many images a scope is too small for outliers to mean anything (z ≤ (n−1)/√n) */
export const MIN_VALUES = 50;

/**
 * How far from the median a value may lie and still not be flagged by the modified z-score
 * (Infinity: it flags nothing), shortened by a relative 1e-9 so that rounding can only make the
 * filter keep a value the exact test then passes, never drop one it flags.
 */
export function modifiedZReach(sc: RobustScale, limit: number): number {
  if (sc.mad > 0) return ((limit * sc.mad) / 0.6745) * (1 - 1e-9);
  if (sc.meanAd > 0) return limit * 1.253314 * sc.meanAd * (1 - 1e-9);
  return Infinity;
}

