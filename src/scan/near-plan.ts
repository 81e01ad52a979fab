/**
 * Multi-index hashing plans: how the 64 bits are cut into blocks, the masks searched per block,
 * and a cost model (arbitrary units) that picks the number of blocks, or brute force, for a self
 * search over u distinct hashes or a cross search of ua queries against ub targets.
 */

export const MAX_BLOCK_BITS = 22;

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

export interface Plan {
  /** bit offset and width of each block, and its search radius s (−1: block not searched) */
  off: number[];
  bits: number[];
  s: number[];
}

export function plan(m: number, r: number): Plan {
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
export function chooseCross(ua: number, ub: number, r: number): { method: 'index' | 'brute'; m: number } {
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
export function masksOf(b: number, s: number): Uint32Array {
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
export function blockMasks(off: number, bits: number): [number, number] {
  let mh = 0;
  let ml = 0;
  for (let t = off; t < off + bits; t++) {
    if (t < 32) ml |= 1 << t;
    else mh |= 1 << (t - 32);
  }
  return [mh >>> 0, ml >>> 0];
}

export function blockKey(hi: number, lo: number, off: number, bits: number): number {
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  if (off >= 32) return (hi >>> (off - 32)) & mask;
  if (off + bits <= 32) return (lo >>> off) & mask;
  return ((lo >>> off) | (hi << (32 - off))) & mask;
}

