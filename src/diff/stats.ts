/**
 * Distribution-comparison statistics, dependency-free: χ² homogeneity test (p from the
 * regularised incomplete gamma function), Jensen–Shannon divergence, two-sample
 * Kolmogorov–Smirnov (asymptotic p-value) and the population stability index.
 * Numerical methods follow Numerical Recipes (3rd ed.), §6.1–6.2 (gamma.ts) and §14.3.
 */
import { chiSquareSurvival } from './gamma.js';

export { chiSquareSurvival, gammaLn, gammaP, gammaQ } from './gamma.js';

export interface ChiSquareResult {
  chi2: number;
  df: number;
  p: number;
}

/**
 * χ² test of homogeneity of two count vectors over the same categories (a 2 × k table).
 * Categories empty on both sides are dropped; with fewer than two categories left, χ² = 0, p = 1.
 */
export function chiSquareHomogeneity(a: number[], b: number[]): ChiSquareResult {
  const cols: [number, number][] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x + y > 0) cols.push([x, y]);
  }
  const na = cols.reduce((s, c) => s + c[0], 0);
  const nb = cols.reduce((s, c) => s + c[1], 0);
  const n = na + nb;
  if (cols.length < 2 || na === 0 || nb === 0) return { chi2: 0, df: Math.max(0, cols.length - 1), p: 1 };
  let chi2 = 0;
  for (const [x, y] of cols) {
    const t = x + y;
    const ea = (t * na) / n;
    const eb = (t * nb) / n;
    chi2 += (x - ea) ** 2 / ea + (y - eb) ** 2 / eb;
  }
  const df = cols.length - 1;
  return { chi2, df, p: chiSquareSurvival(chi2, df) };
}

/** Proportions of a count vector (all zeros → all zeros). */
export function proportions(counts: number[]): number[] {
  const t = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (t > 0 ? c / t : 0));
}

/** Jensen–Shannon divergence in bits (0 = same distribution, 1 = disjoint) of two count or probability vectors. */
export function jensenShannon(a: number[], b: number[]): number {
  const p = proportions(a);
  const q = proportions(b);
  let js = 0;
  for (let i = 0; i < Math.max(p.length, q.length); i++) {
    const x = p[i] ?? 0;
    const y = q[i] ?? 0;
    const m = (x + y) / 2;
    if (x > 0) js += 0.5 * x * Math.log2(x / m);
    if (y > 0) js += 0.5 * y * Math.log2(y / m);
  }
  return Math.min(1, Math.max(0, js));
}

export interface KsResult {
  /** sup |F_a − F_b| */
  d: number;
  /** asymptotic two-sided p-value */
  p: number;
}

/** Kolmogorov distribution tail Q_KS(λ) = 2 Σ (−1)^(j−1) exp(−2 j² λ²). */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1; // the series has not converged there; Q is 1 to 1e-10
  const a2 = -2 * lambda * lambda;
  let fac = 2;
  let sum = 0;
  // alternating series with decreasing terms: the error is below the first term left out
  for (let j = 1; j <= 100; j++) {
    const term = fac * Math.exp(a2 * j * j);
    sum += term;
    if (Math.abs(term) <= 1e-14) return Math.min(1, Math.max(0, sum));
    fac = -fac;
  }
  return 1;
}

/** Two-sample KS: exact statistic (ties handled), p from the asymptotic distribution with Stephens' small-sample correction. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const x = sortedFinite(a);
  const y = sortedFinite(b);
  const n = x.length;
  const m = y.length;
  if (!n || !m) return { d: 0, p: 1 };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < n && x[i]! <= v) i++;
    while (j < m && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  return { d, p: kolmogorovQ((en + 0.12 + 0.11 / en) * d) };
}

/** arrays sortedFinite returned: passing one back (KS, then PSI on the same sample) costs nothing */
const SORTED = new WeakSet<Float64Array>();

export function sortedFinite(a: ArrayLike<number>): Float64Array {
  if (a instanceof Float64Array && SORTED.has(a)) return a;
  const out = new Float64Array(a.length);
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  const sorted = out.subarray(0, k).sort();
  SORTED.add(sorted);
  return sorted;
}

/** Linear-interpolation quantile (R type 7) of a sorted array. */
export function quantileSorted(s: ArrayLike<number>, q: number): number {
  if (!s.length) return NaN;
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

export const PSI_EPSILON = 1e-4;

/**
 * Population stability index of `b` against `a`: `bins` quantile bins of `a` (ties merged),
 * Σ (q − p) ln(q / p), empty bins counted as PSI_EPSILON.
 */
export function psi(a: ArrayLike<number>, b: ArrayLike<number>, bins = 10): number {
  const x = sortedFinite(a);
  const y = sortedFinite(b);
  if (!x.length || !y.length) return 0;
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(x, k / bins);
    if (!edges.length || e > edges[edges.length - 1]!) edges.push(e);
  }
  const count = (s: Float64Array) => {
    const c = new Array<number>(edges.length + 1).fill(0);
    let bin = 0;
    for (const v of s) {
      while (bin < edges.length && v > edges[bin]!) bin++;
      c[bin]!++;
    }
    return c;
  };
  const ca = count(x);
  const cb = count(y);
  let out = 0;
  for (let k = 0; k < ca.length; k++) {
    const p = Math.max(ca[k]! / x.length, PSI_EPSILON);
    const q = Math.max(cb[k]! / y.length, PSI_EPSILON);
    out += (q - p) * Math.log(q / p);
  }
  return out;
}

/** PSI of two count vectors over the same categories (empty categories at PSI_EPSILON). */
export function psiCounts(a: number[], b: number[]): number {
  const p = proportions(a);
  const q = proportions(b);
  let out = 0;
  for (let i = 0; i < Math.max(p.length, q.length); i++) {
    if (!(a[i] ?? 0) && !(b[i] ?? 0)) continue;
    const x = Math.max(p[i] ?? 0, PSI_EPSILON);
    const y = Math.max(q[i] ?? 0, PSI_EPSILON);
    out += (y - x) * Math.log(y / x);
  }
  return out;
}
