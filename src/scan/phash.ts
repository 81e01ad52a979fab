/**
 * Perceptual hashes of a 32×32 8-bit grey thumbnail (row-major): 64-bit pHash (DCT) and dHash
 * (gradient), each also as its minimum over the 8 rotations/flips (the dihedral group D4), and a
 * low-variance flag. Pure functions; hashes are 16 lower-case hex chars, most significant bit =
 * first bit in row-major order (the imagehash convention).
 *
 * pHash: unnormalised 2-D DCT-II of the 32×32 thumbnail; the top-left 8×8 block D[v][u] (v =
 * vertical, u = horizontal frequency); bit = D[v][u] > median. The median is taken over the 63
 * AC coefficients, DC EXCLUDED: DC is the mean brightness (a large outlier that carries no
 * structure), so the threshold depends only on the image's structure and a uniform brightness
 * shift moves only DC. The DC bit is kept (always 1 for a non-black image), so a hash still has
 * 64 bits with 31 AC bits set when there are no ties.
 * The DCT uses an integer cosine table (×4096, made exactly antisymmetric), so every sum is exact
 * in float64: the hash of a flipped/transposed thumbnail equals the transformed hash bit for bit.
 * D4 in DCT space (one DCT per image): a horizontal flip multiplies D[v][u] by (-1)^u, a vertical
 * flip by (-1)^v, a transpose swaps u and v; the 8 combinations are the 8 elements of D4.
 * phashD4/dhashD4 are the hashes of the image in its CANONICAL orientation (canonicalD4: the one
 * transform after which D[0][1] ≥ 0, D[1][0] ≥ 0 and |D[0][1]| ≥ |D[1][0]|), the same value for
 * all 8 rotations/flips. Not the hex minimum over the 8: measured on ../shared/datasets (390
 * images × planted copies), the minimum jumps to another transform under small changes (a 50 %
 * resize moved phashD4 by ≥ 24 bits for 5 % of images, a horizontal flip left 5 % beyond 8 bits,
 * a 90° turn 9 %); the canonical orientation kept 98–99 % of them within 8 bits.
 *
 * dHash: the thumbnail area-averaged to 9 columns × 8 rows; bit = right neighbour > left (64 bits,
 * imagehash's dhash); dhashD4 is the dHash of the thumbnail turned to the canonical orientation.
 *
 * lowVariance: population std of the 32×32 thumbnail < LOW_VARIANCE_STD grey levels (chosen by
 * measurement on ../shared/datasets, see the constant): the hash bits of a near-uniform image are
 * decided by noise, so such images must never pair up as near duplicates.
 *
 * The DCT and its cosine table: phash-dct.ts; Hamming distances of hashes: hamming.ts.
 */
import { dct8x8, HASH_SIDE } from './phash-dct.js';

export { dct8x8, HASH_SIDE } from './phash-dct.js';
export { hamming64, hamming64Parts, popcount32 } from './hamming.js';

const N = HASH_SIDE;
const K = 8;

/**
 * Threshold on the std (grey levels) of the 32×32 thumbnail. Measured on all 1,558 images of
 * ../shared/datasets: lowest thumbnail std 5.8 (a murky aquarium frame), 1st percentile 14.0,
 * median 39.8. A flat 640×480 JPEG with per-pixel noise of σ = 8 grey levels has a full-area
 * thumbnail std of 0.5, but record.ts averages a point-sampled ≤160 px copy (~19 samples per
 * thumbnail pixel), which leaves ~2 levels of noise: hence 3. Two such flat images hash 30 bits
 * apart (pure noise). A smooth "sky" gradient of 20 levels (std 5.2–5.8) is NOT low-variance; two
 * different ones measured 20 bits apart, so they do not pair at the default radius either.
 */
export const LOW_VARIANCE_STD = 3;

export interface PerceptualHashes {
  phash: string;
  phashD4: string;
  dhash: string;
  dhashD4: string;
  lowVariance: boolean;
}

/** One D4 element: optional transpose, then optional horizontal and vertical flip. */
export interface D4 {
  t: boolean;
  h: boolean;
  v: boolean;
}
export const D4_ALL: readonly D4[] = [false, true].flatMap((t) => [false, true].flatMap((h) => [false, true].map((v) => ({ t, h, v }))));
const IDENTITY: D4 = { t: false, h: false, v: false };

/** 64 bits as [hi, lo] uint32 from a row-major 0/1 decision per bit (bit 0 = MSB of hi). */
function packBits(bit: (i: number) => boolean): [number, number] {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) hi = ((hi << 1) | (bit(i) ? 1 : 0)) >>> 0;
  for (let i = 32; i < 64; i++) lo = ((lo << 1) | (bit(i) ? 1 : 0)) >>> 0;
  return [hi, lo];
}

export function toHex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** pHash bits of the image transformed by g, from its untransformed DCT. */
export function phashOf(d: Float64Array, g: D4): [number, number] {
  const c = new Float64Array(K * K);
  for (let v = 0; v < K; v++) {
    for (let u = 0; u < K; u++) {
      // coefficient (v,u) of the transformed image
      let x = g.t ? d[u * K + v]! : d[v * K + u]!;
      if (g.h && u % 2 === 1) x = -x;
      if (g.v && v % 2 === 1) x = -x;
      c[v * K + u] = x;
    }
  }
  const ac = c.slice(1).sort();
  const median = ac[(ac.length - 1) >> 1]!; // 63 values: the 32nd
  return packBits((i) => c[i]! > median);
}

/** The thumbnail transformed by g (pixel space; matches phashOf's coefficient transform). */
export function transformThumb(gray32: Uint8Array, g: D4): Uint8Array {
  const out = new Uint8Array(N * N);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      let sx = g.h ? N - 1 - x : x;
      let sy = g.v ? N - 1 - y : y;
      if (g.t) [sx, sy] = [sy, sx];
      out[y * N + x] = gray32[sy * N + sx]!;
    }
  }
  return out;
}

// Area weights for 32 → 9 columns: W9[j*32+x] = overlap of pixel x with column j (in pixels).
const W9 = (() => {
  const w = new Float64Array(9 * N);
  const step = N / 9;
  for (let j = 0; j < 9; j++) {
    const a = j * step;
    const b = (j + 1) * step;
    for (let x = 0; x < N; x++) w[j * N + x] = Math.max(0, Math.min(b, x + 1) - Math.max(a, x));
  }
  return w;
})();

export function dhashOf(img: Uint8Array): [number, number] {
  // 8 rows of 4 source rows each, 9 columns with fractional area weights
  const cells = new Float64Array(8 * 9);
  for (let r = 0; r < 8; r++) {
    const col = new Float64Array(N);
    for (let y = r * 4; y < r * 4 + 4; y++) for (let x = 0; x < N; x++) col[x]! += img[y * N + x]!;
    for (let j = 0; j < 9; j++) {
      let s = 0;
      for (let x = 0; x < N; x++) s += W9[j * N + x]! * col[x]!;
      // round to 1e-6 of a grey level so float noise in the weights cannot flip a tie
      cells[r * 9 + j] = Math.round(s * 1e6);
    }
  }
  return packBits((i) => {
    const r = i >> 3;
    const j = i & 7;
    return cells[r * 9 + j + 1]! > cells[r * 9 + j]!;
  });
}

/** Population std of the thumbnail, in grey levels. */
export function thumbStd(gray32: Uint8Array): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < gray32.length; i++) {
    const v = gray32[i]!;
    s += v;
    s2 += v * v;
  }
  const n = gray32.length;
  const mean = s / n;
  return Math.sqrt(Math.max(0, s2 / n - mean * mean));
}

/**
 * The canonical orientation of an image: the one D4 element after which |D[0][1]| ≥ |D[1][0]|,
 * D[0][1] ≥ 0 and D[1][0] ≥ 0 (the first horizontal and vertical cosine terms: the left–right and
 * top–bottom brightness balance, the largest-magnitude odd terms of most images). Exactly one of
 * the 8 transforms satisfies it, so the canonical hash is the same for all 8 orientations.
 */
export function canonicalD4(d: Float64Array): D4 {
  const t = Math.abs(d[K]!) > Math.abs(d[1]!);
  const c01 = t ? d[K]! : d[1]!;
  const c10 = t ? d[1]! : d[K]!;
  return { t, h: c01 < 0, v: c10 < 0 };
}

export function perceptualHashes(gray32: Uint8Array): PerceptualHashes {
  const d = dct8x8(gray32);
  const p0 = phashOf(d, IDENTITY);
  const d0 = dhashOf(gray32);
  const g = canonicalD4(d);
  const identity = !g.t && !g.h && !g.v;
  const p4 = identity ? p0 : phashOf(d, g);
  const d4 = identity ? d0 : dhashOf(transformThumb(gray32, g));
  return {
    phash: toHex(p0[0], p0[1]),
    phashD4: toHex(p4[0], p4[1]),
    dhash: toHex(d0[0], d0[1]),
    dhashD4: toHex(d4[0], d4[1]),
    lowVariance: thumbStd(gray32) < LOW_VARIANCE_STD,
  };
}
