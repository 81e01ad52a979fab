/**
 * Multi-index hashing proper (steps 3–4 of near-index.ts): per block, a counting sort of the
 * distinct values by block key, joined with every key within the block's radius; each pair is
 * verified on all 64 bits and kept only in the first block where it qualifies.
 */
import { popcount32 } from './phash.js';
import { blockKey, blockMasks, masksOf, plan } from './near-plan.js';
import type { Triples } from './near-values.js';

/** Pairs of distinct values (ids a < b) within r, by multi-index hashing with m blocks. */
export function indexPairs(hi: Uint32Array, lo: Uint32Array, r: number, m: number, out: Triples): void {
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
