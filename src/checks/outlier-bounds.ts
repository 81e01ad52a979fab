/**
 * The lower and upper bounds of the z-score, IQR and adaptive double-MAD methods on one metric's
 * values (outliers.ts says what each flags, and applies the fourth method, the modified z-score,
 * value by value). A bound that cannot be told (no spread) is left out: nothing is flagged there.
 */
import { quantileSorted, sorted } from './robust.js';

export type OutlierMethod = 'zscore' | 'modified-z' | 'iqr' | 'adaptive';

export interface Bounds {
  lo?: number;
  hi?: number;
}

/** Bounds of the z-score, IQR and adaptive methods (modified z is applied per value). */
export function methodBounds(
  vals: ArrayLike<number>,
  s: Float64Array,
  t: { zscore: number; iqr: number; adaptive: number },
  scratch?: Float64Array,
): [OutlierMethod, Bounds][] {
  return [
    ['zscore', zBounds(vals, t.zscore)],
    ['iqr', iqrBounds(s, t.iqr)],
    ['adaptive', adaptiveBounds(s, t.adaptive, scratch)],
  ];
}

const tiny = (x: number, ref: number) => x <= 1e-12 * Math.max(1, Math.abs(ref));

export function zBounds(vals: ArrayLike<number>, k: number): Bounds {
  const n = vals.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += vals[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (vals[i]! - mean) ** 2;
  const std = Math.sqrt(ss / n);
  return tiny(std, mean) ? {} : { lo: mean - k * std, hi: mean + k * std };
}

/** numpy percentile, method 'midpoint', on an ascending array. */
function midpoint(s: ArrayLike<number>, q: number): number {
  const pos = q * (s.length - 1);
  return (s[Math.floor(pos)]! + s[Math.ceil(pos)]!) / 2;
}

export function iqrBounds(s: Float64Array, k: number): Bounds {
  const q1 = midpoint(s, 0.25);
  const q3 = midpoint(s, 0.75);
  const iqr = q3 - q1;
  return tiny(iqr, q1) ? {} : { lo: q1 - k * iqr, hi: q3 + k * iqr };
}

const NORMAL_P90_MAD = 1.91;

function tailFactor(mad: number, p90: number): number {
  if (!(mad > 0)) return 1;
  return 1 + Math.log1p(Math.max(0, p90 / mad / NORMAL_P90_MAD - 1));
}

function medianOf(s: ArrayLike<number>): number {
  return quantileSorted(s, 0.5);
}

/** DataEval's AdaptiveThreshold (double MAD with tail-weight and point-mass handling), restated. */
export function adaptiveBounds(s: Float64Array, k: number, scratch?: Float64Array): Bounds {
  const n = s.length;
  if (n < 3) return {};
  const med = medianOf(s);
  // s is ascending, so the distances to the median are already ordered on each side
  let nl = 0;
  while (nl < n && s[nl]! <= med) nl++;
  let r0 = n;
  while (r0 > 0 && s[r0 - 1]! >= med) r0--;
  const buf = scratch && scratch.length >= nl + n - r0 ? scratch : new Float64Array(nl + n - r0);
  const left = buf.subarray(0, nl);
  for (let i = 0; i < nl; i++) left[i] = med - s[nl - 1 - i]!;
  const right = buf.subarray(nl, nl + n - r0);
  for (let i = r0; i < n; i++) right[i - r0] = s[i]! - med;
  let madL = left.length ? medianOf(left) : 0;
  let madR = right.length ? medianOf(right) : 0;
  const tfL = tailFactor(madL, left.length > 1 ? quantileSorted(left, 0.9) : 0);
  const tfR = tailFactor(madR, right.length > 1 ? quantileSorted(right, 0.9) : 0);
  if (tiny(madL, med) || tiny(madR, med)) {
    let meanAd = 0;
    for (let i = 0; i < n; i++) meanAd += Math.abs(s[i]! - med);
    meanAd /= n;
    if (tiny(meanAd, med)) return {};
    if (tiny(madL, med) && tiny(madR, med)) {
      // point mass: smooth tail (non-mode values start close to the mode) or discrete jumps?
      const mode = modeOf(s);
      const devs = sorted(Array.from(s.filter((x) => x !== mode), (x) => Math.abs(x - mode)));
      if (devs.length > 10 && devs[0]! / (meanAd / 0.6745) < 1) {
        const nmMad = medianOf(devs);
        if (!tiny(nmMad, med)) {
          const scale = (nmMad / 0.6745) * tailFactor(nmMad, quantileSorted(devs, 0.9));
          return { lo: med - k * scale, hi: med + k * scale };
        }
      }
    }
    if (tiny(madL, med)) madL = meanAd;
    if (tiny(madR, med)) madR = meanAd;
  }
  return { lo: med - k * tfL * (madL / 0.6745), hi: med + k * tfR * (madR / 0.6745) };
}

function modeOf(s: Float64Array): number {
  let best = s[0]!;
  let bestN = 0;
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    if (j - i > bestN) [best, bestN] = [s[i]!, j - i];
    i = j;
  }
  return best;
}
