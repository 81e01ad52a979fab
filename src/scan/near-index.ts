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
 */
import { popcount32 } from './phash.js';

export type NearPair = [i: number, j: number, distance: number];

export interface NearPairsOptions {
  /** force the method (tests/benchmarks); default chosen by the cost model */
  method?: 'index' | 'brute';
  /** force the number of blocks (3..64) for the index method */
  blocks?: number;
}

const MAX_BLOCK_BITS = 22;

/** Parses 16 hex chars into hi/lo; false for anything else. */
function parse(h: string | undefined, hi: Uint32Array, lo: Uint32Array, k: number): boolean {
  if (typeof h !== 'string' || h.length !== 16 || !/^[0-9a-fA-F]{16}$/.test(h)) return false;
  hi[k] = parseInt(h.slice(0, 8), 16);
  lo[k] = parseInt(h.slice(8), 16);
  return true;
}

/** Reference implementation: every pair, O(n²). Invalid or undefined hashes are skipped. */
export function bruteForcePairs(hashes: readonly (string | undefined)[], radius: number): NearPair[] {
  const n = hashes.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const ok = new Uint8Array(n);
  for (let i = 0; i < n; i++) ok[i] = parse(hashes[i], hi, lo, i) ? 1 : 0;
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

/** Distinct hashes (ascending by hi, lo) and, for each, the (ascending) indices that hold it. */
export interface Distinct {
  hi: Uint32Array;
  lo: Uint32Array;
  /** members of distinct value u: idx[start[u] .. start[u+1]) */
  start: Uint32Array;
  idx: Uint32Array;
}

/** Hashes already split into 32-bit halves; entries with ok[i] = 0 are skipped. */
export interface HashParts {
  hi: Uint32Array;
  lo: Uint32Array;
  ok: Uint8Array;
}

/** 16-hex-char strings (undefined or malformed: skipped) or pre-split halves. */
export type HashList = readonly (string | undefined)[] | HashParts;

export function distinct(hashes: HashList): Distinct {
  const parts = 'ok' in hashes ? hashes : undefined;
  const n = parts ? parts.ok.length : (hashes as readonly (string | undefined)[]).length;
  const hi = parts ? parts.hi : new Uint32Array(n);
  const lo = parts ? parts.lo : new Uint32Array(n);
  let order = new Uint32Array(n);
  let valid = 0;
  if (parts) {
    for (let i = 0; i < n; i++) if (parts.ok[i]) order[valid++] = i;
  } else for (let i = 0; i < n; i++) if (parse((hashes as readonly (string | undefined)[])[i], hi, lo, i)) order[valid++] = i;
  order = order.slice(0, valid);
  // LSD radix sort of the valid indices by (hi, lo), 16 bits per pass; stable, so the members of
  // each value stay in ascending index order.
  let tmp = new Uint32Array(valid);
  const count = new Uint32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let k = 0; k < valid; k++) count[((src[order[k]!]! >>> shift) & 0xffff) + 1]!++;
    for (let d = 0; d < 65536; d++) count[d + 1]! += count[d]!;
    for (let k = 0; k < valid; k++) {
      const i = order[k]!;
      tmp[count[(src[i]! >>> shift) & 0xffff]!++] = i;
    }
    [order, tmp] = [tmp, order];
  }
  const uHi = new Uint32Array(valid);
  const uLo = new Uint32Array(valid);
  const start = new Uint32Array(valid + 1);
  let u = 0;
  for (let k = 0; k < valid; k++) {
    const i = order[k]!;
    if (k === 0 || hi[i] !== uHi[u - 1] || lo[i] !== uLo[u - 1]) {
      uHi[u] = hi[i]!;
      uLo[u] = lo[i]!;
      start[u] = k;
      u++;
    }
  }
  start[u] = valid;
  return { hi: uHi.slice(0, u), lo: uLo.slice(0, u), start: start.slice(0, u + 1), idx: order };
}

/** The indices that share a 64-bit value, for every value held by two or more (ascending). */
export function equalRuns(hashes: HashParts): Uint32Array[] {
  const dv = distinct(hashes);
  const runs: Uint32Array[] = [];
  for (let u = 0; u + 1 < dv.start.length; u++) if (dv.start[u + 1]! - dv.start[u]! >= 2) runs.push(dv.idx.slice(dv.start[u], dv.start[u + 1]));
  return runs;
}

/** Growable list of (a, b, d) triples of distinct-value ids. */
/** Growable (a, b, distance) columns: pairs of distinct-value indices. */
export class Triples {
  a = new Uint32Array(1024);
  b = new Uint32Array(1024);
  d = new Uint8Array(1024);
  n = 0;
  push(a: number, b: number, d: number): void {
    if (this.n === this.a.length) {
      const grow = <T extends Uint32Array | Uint8Array>(x: T): T => {
        const y = new (x.constructor as new (n: number) => T)(x.length * 2);
        y.set(x);
        return y;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.d = grow(this.d);
    }
    this.a[this.n] = a;
    this.b[this.n] = b;
    this.d[this.n] = d;
    this.n++;
  }
}

function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Number of b-bit masks with 0 < popcount ≤ s, plus the zero mask. */
function maskCount(b: number, s: number): number {
  let c = 0;
  for (let k = 0; k <= s; k++) c += binom(b, k);
  return c;
}

interface Plan {
  /** bit offset and width of each block, and its search radius s (−1: block not searched) */
  off: number[];
  bits: number[];
  s: number[];
}

function plan(m: number, r: number): Plan {
  const off: number[] = [];
  const bits: number[] = [];
  const s: number[] = [];
  const q = Math.floor(r / m);
  const rho = r % m;
  let o = 0;
  for (let k = 0; k < m; k++) {
    const b = Math.floor(64 / m) + (k < 64 % m ? 1 : 0);
    off.push(o);
    bits.push(b);
    s.push(k <= rho ? q : q - 1);
    o += b;
  }
  return { off, bits, s };
}

/** Estimated work of the index with m blocks over u distinct hashes (arbitrary units). */
function indexCost(m: number, r: number, u: number): number {
  const p = plan(m, r);
  let cost = 0;
  for (let k = 0; k < m; k++) {
    const s = p.s[k]!;
    if (s < 0) continue;
    const b = p.bits[k]!;
    const table = 2 ** b;
    const occupied = Math.min(u, table);
    const masks = maskCount(b, s);
    cost += table * 0.5 + u + occupied * masks * 0.7 + ((u * u) / 2) * (masks / table) * 2;
  }
  return cost;
}

export function choose(u: number, r: number): { method: 'index' | 'brute'; m: number } {
  let best = { method: 'brute' as 'index' | 'brute', m: 0, cost: ((u * u) / 2) * 1.5 };
  const minM = Math.ceil(64 / MAX_BLOCK_BITS);
  // more than r + 1 blocks only shortens the searched blocks
  for (let m = minM; m <= Math.max(minM, Math.min(64, r + 1)); m++) {
    const c = indexCost(m, r, u);
    if (c < best.cost) best = { method: 'index', m, cost: c };
  }
  return best;
}

/** The method for a cross search of ua queries against ub (indexed) targets, by the same cost units. */
function chooseCross(ua: number, ub: number, r: number): { method: 'index' | 'brute'; m: number } {
  let best = { method: 'brute' as 'index' | 'brute', m: 0, cost: ua * ub * 1.5 };
  const minM = Math.ceil(64 / MAX_BLOCK_BITS);
  for (let m = minM; m <= Math.max(minM, Math.min(64, r + 1)); m++) {
    const p = plan(m, r);
    let cost = 0;
    for (let k = 0; k < m; k++) {
      const s = p.s[k]!;
      if (s < 0) continue;
      const table = 2 ** p.bits[k]!;
      const masks = maskCount(p.bits[k]!, s);
      cost += table * 0.5 + ub + ua * masks * 0.7 + ua * ub * (masks / table) * 2;
    }
    if (cost < best.cost) best = { method: 'index', m, cost };
  }
  return best;
}

/** Masks of a b-bit block with 1..s bits set, grouped by popcount. */
function masksOf(b: number, s: number): Uint32Array {
  const out: number[] = [];
  const rec = (from: number, left: number, mask: number) => {
    if (mask !== 0) out.push(mask >>> 0);
    if (left === 0) return;
    for (let bit = from; bit < b; bit++) rec(bit + 1, left - 1, (mask | (1 << bit)) >>> 0);
  };
  rec(0, s, 0);
  return Uint32Array.from(out);
}

/** hi/lo masks selecting a block's bits, and its key extraction. Bit 0 = least significant of lo. */
function blockMasks(off: number, bits: number): [number, number] {
  let mh = 0;
  let ml = 0;
  for (let t = off; t < off + bits; t++) {
    if (t < 32) ml |= 1 << t;
    else mh |= 1 << (t - 32);
  }
  return [mh >>> 0, ml >>> 0];
}

function blockKey(hi: number, lo: number, off: number, bits: number): number {
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  if (off >= 32) return (hi >>> (off - 32)) & mask;
  if (off + bits <= 32) return (lo >>> off) & mask;
  return ((lo >>> off) | (hi << (32 - off))) & mask;
}

/** Pairs of distinct values (ids a < b) within r, by multi-index hashing with m blocks. */
function indexPairs(hi: Uint32Array, lo: Uint32Array, r: number, m: number, out: Triples): void {
  const u = hi.length;
  const p = plan(m, r);
  const bmH = Uint32Array.from(p.off.map((o, k) => blockMasks(o, p.bits[k]!)[0]));
  const bmL = Uint32Array.from(p.off.map((o, k) => blockMasks(o, p.bits[k]!)[1]));
  const sArr = Int32Array.from(p.s);
  const keys = new Uint32Array(u);
  // per block, the distinct values in bucket order: their ids and a copy of their bits, so that
  // comparing two buckets reads memory sequentially
  const sorted = new Uint32Array(u);
  const sH = new Uint32Array(u);
  const sL = new Uint32Array(u);
  const occ = new Uint32Array(u);
  const low = new Uint32Array(u);
  let table: Uint32Array | undefined;

  /** d ≤ r already; keep the pair only if no earlier block found it. */
  const emit = (x: number, y: number, xh: number, xl: number, d: number, k: number) => {
    for (let e = 0; e < k; e++) {
      const se = sArr[e]!;
      if (se >= 0 && popcount32((xh & bmH[e]!) >>> 0) + popcount32((xl & bmL[e]!) >>> 0) <= se) return;
    }
    const a = sorted[x]!;
    const b = sorted[y]!;
    if (a < b) out.push(a, b, d);
    else out.push(b, a, d);
  };

  for (let k = 0; k < m; k++) {
    const s = p.s[k]!;
    if (s < 0) continue;
    const bits = p.bits[k]!;
    const size = 2 ** bits;
    if (!table || table.length < size + 1) table = new Uint32Array(size + 1);
    const off = table;
    off.fill(0, 0, size + 1);
    for (let x = 0; x < u; x++) {
      const key = blockKey(hi[x]!, lo[x]!, p.off[k]!, bits);
      keys[x] = key;
      off[key + 1]!++;
    }
    for (let t = 0; t < size; t++) off[t + 1]! += off[t]!;
    // place (off[key] advances while placing, then is restored from the previous key's end)
    for (let x = 0; x < u; x++) {
      const pos = off[keys[x]!]!++;
      sorted[pos] = x;
      sH[pos] = hi[x]!;
      sL[pos] = lo[x]!;
    }
    for (let t = size; t > 0; t--) off[t] = off[t - 1]!;
    off[0] = 0;
    // occupied keys, ascending
    let nOcc = 0;
    for (let i = 0; i < u; i++) {
      const key = keys[sorted[i]!]!;
      if (nOcc === 0 || occ[nOcc - 1] !== key) occ[nOcc++] = key;
    }
    // mask 0: pairs inside one bucket
    for (let i = 0; i < nOcc; i++) {
      const v = occ[i]!;
      const e = off[v + 1]!;
      for (let x = off[v]!; x < e; x++) {
        const h = sH[x]!;
        const l = sL[x]!;
        for (let y = x + 1; y < e; y++) {
          const xh = (h ^ sH[y]!) >>> 0;
          const xl = (l ^ sL[y]!) >>> 0;
          const d = popcount32(xh) + popcount32(xl);
          if (d <= r) emit(x, y, xh, xl, d, k);
        }
      }
    }
    if (s === 0) continue;
    // masks grouped by their highest bit h: v ^ mask > v exactly when bit h of v is clear, so
    // each group walks only the occupied keys with bit h clear (no unpredictable branch)
    const masks = masksOf(bits, s);
    for (let h = 0; h < bits; h++) {
      const bit = 1 << h;
      let nLow = 0;
      for (let i = 0; i < nOcc; i++) {
        const v = occ[i]!;
        if ((v & bit) === 0) low[nLow++] = v;
      }
      for (let mi = 0; mi < masks.length; mi++) {
        const mask = masks[mi]!;
        if (mask >= bit && mask < 2 * bit) joinMask(mask, low, nLow, off, sH, sL, r, k, emit);
      }
    }
  }
}

/** Joins every bucket v in keys[0..n) with bucket v ^ mask, verifying each pair on all 64 bits. */
function joinMask(
  mask: number,
  keys: Uint32Array,
  n: number,
  off: Uint32Array,
  sH: Uint32Array,
  sL: Uint32Array,
  r: number,
  k: number,
  emit: (x: number, y: number, xh: number, xl: number, d: number, k: number) => void,
): void {
  for (let i = 0; i < n; i++) {
    const v = keys[i]!;
    const t = v ^ mask;
    const b0 = off[t]!;
    const b1 = off[t + 1]!;
    if (b0 === b1) continue;
    const a1 = off[v + 1]!;
    for (let x = off[v]!; x < a1; x++) {
      const h = sH[x]!;
      const l = sL[x]!;
      for (let y = b0; y < b1; y++) {
        const xh = (h ^ sH[y]!) >>> 0;
        const xl = (l ^ sL[y]!) >>> 0;
        const d = popcount32(xh) + popcount32(xl);
        if (d <= r) emit(x, y, xh, xl, d, k);
      }
    }
  }
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
