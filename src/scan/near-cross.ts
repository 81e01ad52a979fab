/**
 * Cross searches: all pairs (query, target) within a radius, with only the targets indexed
 * (see near-index.ts for the method; near-plan.ts for the cost model).
 */
import { popcount32 } from './phash.js';
import { blockKey, blockMasks, chooseCross, masksOf, MAX_BLOCK_BITS, plan } from './near-plan.js';
import { distinct, Triples, type Distinct, type HashList, type NearPair, type NearPairsOptions } from './near-values.js';

/**
 * All pairs (i, j) with queries[i] within `radius` of targets[j], sorted by (i, j): the same
 * multi-index hashing, but only the targets are indexed and each query probes its own block key
 * under every mask (a bipartite search: no query–query or target–target pair is ever visited).
 */
export function findCrossPairs(queries: HashList, targets: HashList, radius: number, opts: NearPairsOptions = {}): NearPair[] {
  if (!(radius >= 0)) return [];
  const A = distinct(queries);
  const B = distinct(targets);
  return expandCross(A, B, crossValuePairs(A, B, Math.min(64, Math.floor(radius)), opts));
}

/** Pairs (query value, target value) within r, as indices into A and B. */
export function crossValuePairs(A: Pick<Distinct, 'hi' | 'lo'>, B: Pick<Distinct, 'hi' | 'lo'>, r: number, opts: NearPairsOptions = {}): Triples {
  const ua = A.hi.length;
  const ub = B.hi.length;
  const pairs = new Triples();
  const pick = chooseCross(ua, ub, r);
  const method = opts.method ?? pick.method;
  if (method === 'brute' || r >= 64) {
    for (let x = 0; x < ua; x++)
      for (let y = 0; y < ub; y++) {
        const d = popcount32((A.hi[x]! ^ B.hi[y]!) >>> 0) + popcount32((A.lo[x]! ^ B.lo[y]!) >>> 0);
        if (d <= r) pairs.push(x, y, d);
      }
  } else crossIndex(A, B, r, Math.max(Math.ceil(64 / MAX_BLOCK_BITS), Math.min(64, opts.blocks ?? (pick.method === 'index' ? pick.m : 4))), pairs);
  return pairs;
}

/** Value pairs expanded to (query index, target index, distance), sorted. */
export function expandCross(A: Distinct, B: Distinct, pairs: Triples): NearPair[] {
  const out: NearPair[] = [];
  for (let k = 0; k < pairs.n; k++) {
    const a = pairs.a[k]!;
    const b = pairs.b[k]!;
    for (let x = A.start[a]!; x < A.start[a + 1]!; x++) for (let y = B.start[b]!; y < B.start[b + 1]!; y++) out.push([A.idx[x]!, B.idx[y]!, pairs.d[k]!]);
  }
  out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return out;
}

function crossIndex(A: Pick<Distinct, 'hi' | 'lo'>, B: Pick<Distinct, 'hi' | 'lo'>, r: number, m: number, out: Triples): void {
  const ub = B.hi.length;
  const p = plan(m, r);
  const bmH = p.off.map((o, k) => blockMasks(o, p.bits[k]!)[0]);
  const bmL = p.off.map((o, k) => blockMasks(o, p.bits[k]!)[1]);
  const keys = new Uint32Array(ub);
  const sorted = new Uint32Array(ub);
  const sH = new Uint32Array(ub);
  const sL = new Uint32Array(ub);
  for (let k = 0; k < m; k++) {
    const s = p.s[k]!;
    if (s < 0) continue;
    const bits = p.bits[k]!;
    const size = 2 ** bits;
    const off = new Uint32Array(size + 1);
    for (let y = 0; y < ub; y++) off[(keys[y] = blockKey(B.hi[y]!, B.lo[y]!, p.off[k]!, bits)) + 1]!++;
    for (let t = 0; t < size; t++) off[t + 1]! += off[t]!;
    for (let y = 0; y < ub; y++) {
      const pos = off[keys[y]!]!++;
      sorted[pos] = y;
      sH[pos] = B.hi[y]!;
      sL[pos] = B.lo[y]!;
    }
    for (let t = size; t > 0; t--) off[t] = off[t - 1]!;
    off[0] = 0;
    const masks = [0, ...masksOf(bits, s)];
    for (let x = 0; x < A.hi.length; x++) {
      const h = A.hi[x]!;
      const l = A.lo[x]!;
      const key = blockKey(h, l, p.off[k]!, bits);
      for (const mask of masks) {
        const t = key ^ mask;
        const e = off[t + 1]!;
        for (let y = off[t]!; y < e; y++) {
          const xh = (h ^ sH[y]!) >>> 0;
          const xl = (l ^ sL[y]!) >>> 0;
          const d = popcount32(xh) + popcount32(xl);
          if (d > r) continue;
          // reported by the first block where the pair qualifies only
          let earlier = false;
          for (let e2 = 0; e2 < k && !earlier; e2++) {
            const se = p.s[e2]!;
            earlier = se >= 0 && popcount32((xh & bmH[e2]!) >>> 0) + popcount32((xl & bmL[e2]!) >>> 0) <= se;
          }
          if (!earlier) out.push(x, sorted[y]!, d);
        }
      }
    }
  }
}

