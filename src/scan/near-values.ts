/**
 * The values the near-pair searches work on: 64-bit hashes as 32-bit halves, grouped into
 * distinct values (equal hashes are searched once), and the growable pair columns they produce.
 */

export type NearPair = [i: number, j: number, distance: number];

export interface NearPairsOptions {
  /** force the method (tests/benchmarks); default chosen by the cost model */
  method?: 'index' | 'brute';
  /** force the number of blocks (3..64) for the index method */
  blocks?: number;
}

/** Parses 16 hex chars into hi/lo; false for anything else. */
export function parseHex64(h: string | undefined, hi: Uint32Array, lo: Uint32Array, k: number): boolean {
  if (typeof h !== 'string' || h.length !== 16 || !/^[0-9a-fA-F]{16}$/.test(h)) return false;
  hi[k] = parseInt(h.slice(0, 8), 16);
  lo[k] = parseInt(h.slice(8), 16);
  return true;
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
  } else for (let i = 0; i < n; i++) if (parseHex64((hashes as readonly (string | undefined)[])[i], hi, lo, i)) order[valid++] = i;
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

