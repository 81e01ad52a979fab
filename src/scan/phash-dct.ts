/**
 * The DCT behind pHash (phash.ts): the top-left 8×8 block of the unnormalised 2-D DCT-II of a
 * 32×32 grey thumbnail, from an integer cosine table so every sum is exact in float64.
 */

export const HASH_SIDE = 32;
const N = HASH_SIDE;
const K = 8;

// COS[u*N + x] = round(4096·cos(π(2x+1)u / 2N)), with COS[u][N-1-x] = (-1)^u COS[u][x] exactly.
const COS = (() => {
  const t = new Float64Array(K * N);
  for (let u = 0; u < K; u++) {
    for (let x = 0; x < N / 2; x++) {
      const c = Math.cos((Math.PI * (2 * x + 1) * u) / (2 * N));
      const q = Math.sign(c) * Math.round(Math.abs(c) * 4096);
      t[u * N + x] = q;
      t[u * N + (N - 1 - x)] = u % 2 === 0 ? q : -q;
    }
  }
  return t;
})();

/** The top-left 8×8 DCT-II coefficients, D[v*8+u]; exact integers. */
export function dct8x8(gray32: Uint8Array): Float64Array {
  if (gray32.length !== N * N) throw new RangeError(`expected a ${N}×${N} thumbnail (${N * N} bytes), got ${gray32.length}`);
  const rows = new Float64Array(N * K); // rows[y*8+u] = Σx f(y,x)·COS[u][x]
  for (let y = 0; y < N; y++) {
    const r = y * N;
    for (let u = 0; u < K; u++) {
      let s = 0;
      const c = u * N;
      for (let x = 0; x < N; x++) s += gray32[r + x]! * COS[c + x]!;
      rows[y * K + u] = s;
    }
  }
  const d = new Float64Array(K * K);
  for (let v = 0; v < K; v++) {
    const c = v * N;
    for (let u = 0; u < K; u++) {
      let s = 0;
      for (let y = 0; y < N; y++) s += COS[c + y]! * rows[y * K + u]!;
      d[v * K + u] = s;
    }
  }
  return d;
}
