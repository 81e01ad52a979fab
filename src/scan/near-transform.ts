/**
 * Rotated and mirrored near pairs: every hash against the transforms (hash-transform.ts) of all
 * hashes, i.e. the pairs (i, t, j) with d(h_i, T_t(h_j)) ≤ r. A transform is a bit permutation
 * followed by a flip pattern, so d(x, T(y)) = d(T⁻¹(x), y): instead of indexing the n·|T|
 * transformed hashes, the inverse transforms of the queried values are probed against one index
 * of the n plain values.
 *
 * With the last run's answer (a memo, as in near-memo.ts: a self memo whose pairs are value x,
 * value y and, in place of the distance, the transform's position k) only new values are probed:
 *   pairs = old pairs whose two values are still present
 *         + T⁻¹(new x) against every value + T(new y) against the old values.
 * The answer is that of findCrossPairs(hashes, transformed targets): [i, t·n + j, d] sorted.
 */
import { inverseTransform, transformParts } from './hash-transform.js';
import { crossValuePairs, distinct, Triples, type Distinct, type HashParts, type NearPair } from './near-index.js';
import { match, MAX_NEW_SHARE, pick, type PairMemoStore } from './near-memo.js';
import { popcount32 } from './phash.js';

/**
 * Pairs (i, k·n + j, d): image i within `radius` of transforms[k] applied to image j (entries with
 * ok = 0 skipped), sorted by (i, k·n + j). With a store, the memo `name` is used and replaced.
 */
export function findTransformPairs(hashes: HashParts, transforms: readonly number[], radius: number, store?: PairMemoStore, name = 'transforms'): NearPair[] {
  const K = transforms.length;
  if (!(radius >= 0) || !K) return [];
  const r = Math.min(64, Math.floor(radius));
  const dv = distinct(hashes);
  const u = dv.hi.length;
  // value triples (x, y·K + k, d): d(value x, T_k(value y)) ≤ r
  let pairs: Triples | undefined;
  let fresh: Uint32Array | undefined;
  let old: Uint32Array | undefined;
  const prev = store?.load(name);
  if (prev && prev.r === r && prev.tHi === prev.qHi) {
    const m = match(dv, prev.qHi, prev.qLo);
    if (m.fresh.length <= u * MAX_NEW_SHARE) {
      ({ fresh, old } = m);
      pairs = new Triples();
      // the memo holds (x, y, k): the distance is computed again
      for (let p = 0; p < prev.a.length; p++) {
        const x = m.toCur[prev.a[p]!]!;
        const y = m.toCur[prev.b[p]!]!;
        const k = prev.d[p]!;
        if (x < 0 || y < 0 || k >= K) continue;
        const d = distance(dv, x, y, transforms[k]!);
        if (d <= r) pairs.push(x, y * K + k, d);
      }
    }
  }
  if (!pairs || !fresh || !old) {
    pairs = new Triples();
    fresh = Uint32Array.from({ length: u }, (_, x) => x);
    old = new Uint32Array(0);
  }
  // new x: T_k⁻¹(x) against every value
  const qx = probes(dv, fresh, transforms.map(inverseTransform));
  const p1 = crossValuePairs(qx, dv, r);
  for (let e = 0; e < p1.n; e++) {
    const q = p1.a[e]!;
    pairs.push(fresh[Math.floor(q / K)]!, p1.b[e]! * K + (q % K), p1.d[e]!);
  }
  // new y: T_k(y) against the old values (new x × new y is found above)
  if (old.length && fresh.length) {
    const qy = probes(dv, fresh, transforms);
    const p2 = crossValuePairs(qy, pick(dv, old), r);
    for (let e = 0; e < p2.n; e++) {
      const q = p2.a[e]!;
      pairs.push(old[p2.b[e]!]!, fresh[Math.floor(q / K)]! * K + (q % K), p2.d[e]!);
    }
  }
  if (store) {
    const b = new Uint32Array(pairs.n);
    const k = new Uint8Array(pairs.n);
    for (let e = 0; e < pairs.n; e++) [b[e], k[e]] = [Math.floor(pairs.b[e]! / K), pairs.b[e]! % K];
    store.save(name, { r, qHi: dv.hi, qLo: dv.lo, tHi: dv.hi, tLo: dv.lo, a: pairs.a.slice(0, pairs.n), b, d: k });
  }
  return expandTransform(dv, pairs, K, hashes.ok.length);
}

/** The values `at`, each under every transform: probe q = (position in at)·K + k. */
function probes(dv: Distinct, at: Uint32Array, ts: readonly number[]): { hi: Uint32Array; lo: Uint32Array } {
  const K = ts.length;
  const hi = new Uint32Array(at.length * K);
  const lo = new Uint32Array(at.length * K);
  for (let p = 0; p < at.length; p++)
    for (let k = 0; k < K; k++) {
      const [h, l] = transformParts(dv.hi[at[p]!]!, dv.lo[at[p]!]!, ts[k]!);
      hi[p * K + k] = h;
      lo[p * K + k] = l;
    }
  return { hi, lo };
}

/** d(value x, T_t(value y)) */
function distance(dv: Distinct, x: number, y: number, t: number): number {
  const [h, l] = transformParts(dv.hi[y]!, dv.lo[y]!, t);
  return popcount32((dv.hi[x]! ^ h) >>> 0) + popcount32((dv.lo[x]! ^ l) >>> 0);
}

/** Value triples expanded to image pairs (i, k·n + j, d), sorted. */
function expandTransform(dv: Distinct, pairs: Triples, K: number, n: number): NearPair[] {
  const out: NearPair[] = [];
  for (let e = 0; e < pairs.n; e++) {
    const x = pairs.a[e]!;
    const y = Math.floor(pairs.b[e]! / K);
    const k = pairs.b[e]! % K;
    for (let s = dv.start[x]!; s < dv.start[x + 1]!; s++)
      for (let t = dv.start[y]!; t < dv.start[y + 1]!; t++) out.push([dv.idx[s]!, k * n + dv.idx[t]!, pairs.d[e]!]);
  }
  return out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}
