/**
 * All pairs of 64-bit hashes within a Hamming radius, exactly (same result as brute force), in
 * sub-quadratic time: multi-index hashing.
 *
 *  1. Equal hashes are grouped first (radix sort of indices), so a cluster of many identical
 *     hashes is searched as ONE value; its pairs are only expanded when the result is written.
 *  2. The 64 bits are split into m contiguous blocks. Pigeonhole, refined: with r = q·m + ρ, a
 *     pair within r has a block k ≤ ρ whose distance is ≤ q, or a block k > ρ whose distance is
 *     ≤ q − 1 (otherwise the total would be ≥ (ρ+1)(q+1) + (m−ρ−1)q = r + 1).
 *  3. Per block: counting sort of the distinct values by block key (a direct-address table of
 *     2^b offsets); for every mask of ≤ s bits, every occupied key v is joined with v ^ mask
 *     (only when v ^ mask > v, so each bucket pair is visited once). Masks outside, keys inside
 *     the loop: v ascends, so v ^ mask walks the table almost sequentially.
 *  4. A candidate pair is verified on all 64 bits and kept only in the FIRST block where it
 *     qualifies, so it is never reported twice.
 * m is chosen by a cost model from the number of distinct hashes and r; when brute force is
 * cheaper (few hashes, large radius) it is used instead. Memory: typed arrays only — ~40 bytes per
 * distinct hash plus one table of 2^b uint32 (b ≤ 22: 16 MB).
 *
 * Values and pair columns: near-values.ts; block plans and the cost model: near-plan.ts; the
 * per-block tables and their joins (steps 3–4): near-multi-index.ts; cross searches (queries
 * against indexed targets): near-cross.ts; incremental searches: near-memo.ts.
 */
import { popcount32 } from './phash.js';
import { indexPairs } from './near-multi-index.js';
import { choose, MAX_BLOCK_BITS } from './near-plan.js';
import { distinct, parseHex64, Triples, type Distinct, type HashList, type NearPair, type NearPairsOptions } from './near-values.js';

export { distinct, equalRuns, Triples, type Distinct, type HashList, type HashParts, type NearPair, type NearPairsOptions } from './near-values.js';
export { crossValuePairs, expandCross, findCrossPairs } from './near-cross.js';

/** Reference implementation: every pair, O(n²). Invalid or undefined hashes are skipped. */
export function bruteForcePairs(hashes: readonly (string | undefined)[], radius: number): NearPair[] {
  const n = hashes.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const ok = new Uint8Array(n);
  for (let i = 0; i < n; i++) ok[i] = parseHex64(hashes[i], hi, lo, i) ? 1 : 0;
  const out: NearPair[] = [];
  if (radius < 0) return out;
  for (let i = 0; i < n; i++) {
    if (!ok[i]) continue;
    for (let j = i + 1; j < n; j++) {
      if (!ok[j]) continue;
      const d = popcount32((hi[i]! ^ hi[j]!) >>> 0) + popcount32((lo[i]! ^ lo[j]!) >>> 0);
      if (d <= radius) out.push([i, j, d]);
    }
  }
  return out;
}

function brutePairs(hi: Uint32Array, lo: Uint32Array, r: number, out: Triples): void {
  const u = hi.length;
  for (let x = 0; x < u; x++) {
    const h = hi[x]!;
    const l = lo[x]!;
    for (let y = x + 1; y < u; y++) {
      const d = popcount32((h ^ hi[y]!) >>> 0) + popcount32((l ^ lo[y]!) >>> 0);
      if (d <= r) out.push(x, y, d);
    }
  }
}

/**
 * All pairs i < j whose hashes (16 hex chars) are within Hamming distance ≤ radius, sorted by
 * (i, j). undefined (or malformed) entries are skipped. Identical to bruteForcePairs.
 */
export function findNearPairs(hashes: HashList, radius: number, opts: NearPairsOptions = {}): NearPair[] {
  if (!(radius >= 0)) return [];
  const dv = distinct(hashes);
  return expand(dv, valuePairs(dv, Math.min(64, Math.floor(radius)), opts));
}

/** Pairs of distinct values (indices into dv.hi/lo) within r, each once. */
export function valuePairs(dv: Pick<Distinct, 'hi' | 'lo'>, r: number, opts: NearPairsOptions = {}): Triples {
  const pairs = new Triples();
  const pick = choose(dv.hi.length, r);
  const method = opts.method ?? pick.method;
  if (method === 'brute' || r >= 64) brutePairs(dv.hi, dv.lo, r, pairs);
  else {
    const m = Math.max(Math.ceil(64 / MAX_BLOCK_BITS), Math.min(64, opts.blocks ?? (pick.method === 'index' ? pick.m : 4)));
    indexPairs(dv.hi, dv.lo, r, m, pairs);
  }
  return pairs;
}

/** Pairs of original indices: every member pair inside each group of equal hashes, and across groups. */
export function expand(dv: Distinct, pairs: Triples): NearPair[] {
  const { start, idx } = dv;
  const out: NearPair[] = [];
  for (let u = 0; u + 1 < start.length; u++) {
    const a = start[u]!;
    const e = start[u + 1]!;
    for (let x = a; x < e; x++) for (let y = x + 1; y < e; y++) out.push([idx[x]!, idx[y]!, 0]);
  }
  for (let k = 0; k < pairs.n; k++) {
    const d = pairs.d[k]!;
    const a0 = start[pairs.a[k]!]!;
    const a1 = start[pairs.a[k]! + 1]!;
    const b0 = start[pairs.b[k]!]!;
    const b1 = start[pairs.b[k]! + 1]!;
    for (let x = a0; x < a1; x++) {
      const i = idx[x]!;
      for (let y = b0; y < b1; y++) {
        const j = idx[y]!;
        out.push(i < j ? [i, j, d] : [j, i, d]);
      }
    }
  }
  out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return out;
}
