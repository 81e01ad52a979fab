/**
 * Small robust-statistics helpers shared by the label checks: median, MAD, the modified z-score
 * (Iglewicz & Hoaglin, 0.6745·(x − median)/MAD) and quantiles. Pure functions on numbers.
 */
import { num } from '../num.js';

/** numbers as the report prints them (src/num.ts) */
export { num };

/** A sorted copy (ascending, numeric) as a Float64Array. */
export function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Linear-interpolated quantile (q in 0..1) of an ascending array; NaN when empty. */
export function quantileSorted(s: ArrayLike<number>, q: number): number {
  const n = s.length;
  if (!n) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export function median(values: ArrayLike<number>): number {
  return values.length ? medianInPlace(Float64Array.from(values)) : NaN;
}

/** Median by quickselect (O(n)); reorders `a`. NaN when empty. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (!n) return NaN;
  const hi = select(a, n >> 1);
  if (n & 1) return hi;
  // the lower middle is the largest value left of n/2 after the selection
  let lo = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}

/** Linear-interpolated quantile by quickselect (O(n)); reorders `a`. NaN when empty. */
export function quantileInPlace(a: Float64Array, q: number): number {
  const n = a.length;
  if (!n) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const v = select(a, lo);
  if (pos === lo) return v;
  let next = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i]! < next) next = a[i]!;
  return v + (next - v) * (pos - lo);
}

/** k-th smallest (0-based) by Hoare quickselect; partially reorders `a`. */
export function select(a: Float64Array, k: number): number {
  let l = 0;
  let r = a.length - 1;
  while (r > l) {
    const pivot = a[(l + r) >> 1]!;
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return a[k]!;
  }
  return a[k]!;
}

export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (!n) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  return sum / n;
}

/** Centre and spread for modified z-scores. */
export interface RobustScale {
  median: number;
  /** median absolute deviation */
  mad: number;
  /** mean absolute deviation from the median (fallback spread when MAD is 0) */
  meanAd: number;
  n: number;
}

export function robustScale(values: ArrayLike<number>): RobustScale {
  const n = values.length;
  if (!n) return { median: NaN, mad: NaN, meanAd: NaN, n: 0 };
  const med = median(values);
  const dev = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    dev[i] = Math.abs(values[i]! - med);
    sum += dev[i]!;
  }
  return { median: med, mad: medianInPlace(dev), meanAd: sum / n, n };
}

/** robustScale of values already sorted ascending (no copy, no selection). */
export function robustScaleSorted(s: Float64Array): RobustScale {
  const n = s.length;
  if (!n) return { median: NaN, mad: NaN, meanAd: NaN, n: 0 };
  const med = n & 1 ? s[n >> 1]! : (s[(n >> 1) - 1]! + s[n >> 1]!) / 2;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(s[i]! - med);
  // s is ascending, so the deviations are two ascending runs from the median outwards: the
  // middle deviations are k-th smallest elements of two sorted runs, found by bisection
  const k = n >> 1;
  const hi = kthDeviation(s, med, k);
  return { median: med, mad: n & 1 ? hi : (kthDeviation(s, med, k - 1) + hi) / 2, meanAd: sum / n, n };
}

/**
 * The k-th smallest (0-based) |s[i] − med| of ascending s around its median: the left run
 * A(i) = med − s[m−1−i] and the right run B(j) = s[m+j] − med are both ascending, and the
 * k+1 smallest take t from A and k+1−t from B for the smallest t with A(t) ≥ B(k−t).
 */
function kthDeviation(s: Float64Array, med: number, k: number): number {
  const n = s.length;
  const m = (n + 1) >> 1; // s[0..m) ≤ med ≤ s[m..n)
  const nB = n - m;
  let lo = Math.max(0, k + 1 - nB);
  let hi = Math.min(k + 1, m);
  while (lo < hi) {
    const t = (lo + hi) >> 1;
    if (med - s[m - 1 - t]! < s[m + k - t]! - med) lo = t + 1;
    else hi = t;
  }
  const a = lo > 0 ? med - s[m - lo]! : -Infinity;
  const b = k - lo >= 0 ? s[m + k - lo]! - med : -Infinity;
  return Math.max(a, b);
}

/**
 * Modified z-score of x: 0.6745·(x − median)/MAD. When more than half the values equal the
 * median (MAD = 0) it falls back to (x − median)/(1.253314·meanAD), as in IBM's and
 * Iglewicz–Hoaglin's treatment; 0 when every value is the same.
 */
export function modifiedZ(x: number, sc: RobustScale): number {
  const d = x - sc.median;
  if (sc.mad > 0) return (0.6745 * d) / sc.mad;
  if (sc.meanAd > 0) return d / (1.253314 * sc.meanAd);
  return 0;
}

/** Summary used by the report: mean, median and max. */
export function summary(values: ArrayLike<number>): { mean: number; median: number; max: number } {
  if (!values.length) return { mean: 0, median: 0, max: 0 };
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return { mean: round(mean(values)), median: round(median(values)), max: round(max) };
}

/** Round for the JSON report (keeps small fractions readable). */
export function round(x: number, digits = 6): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Plain-language percentage: 14.0%, 0.001%. */
export function pct(x: number): string {
  const p = x * 100;
  if (p === 0) return '0%';
  if (Math.abs(p) >= 10) return `${p.toFixed(1)}%`;
  if (Math.abs(p) >= 0.1) return `${p.toFixed(2)}%`;
  return `${Number(p.toPrecision(2))}%`;
}

/** "1 image", "3 images" */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${num(n)} ${n === 1 ? word : many}`;
}
