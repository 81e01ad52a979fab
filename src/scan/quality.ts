/**
 * CleanVision's image-property issue scores (cleanvision `issue_managers/image_property.py`),
 * restated. Each score is in [0,1]; CleanVision flags an issue when score < threshold.
 * odd_size needs the whole dataset (√(w·h) against the IQR band) and is computed by the checks.
 */
import { boxResize, toLuma } from './resample.js';
import type { QualityScores } from './types.js';

/** CleanVision's default thresholds (score < threshold is an issue). */
export const CLEANVISION_THRESHOLDS = Object.freeze({
  dark: 0.32,
  light: 0.05,
  lowInformation: 0.3,
  blurry: 0.29,
  oddAspectRatio: 0.35,
  oddSize: 0.5,
});

/** MAX_RESOLUTION_FOR_BLURRY_DETECTION */
export const BLURRY_MAX_RESOLUTION = 64;
const NORMALIZING_FACTOR = 0.01;
const COLOR_THRESHOLD = 0.18;

export interface QualityInput {
  /** the statistics copy: interleaved 8-bit, 1 or 3 channels */
  px: Uint8Array;
  w: number;
  h: number;
  c: number;
  /** per-channel 256-bin histograms of px (channelHistograms) */
  hist: Uint32Array;
  /** upright size of the original image */
  width: number;
  height: number;
  /** 1-channel image, or a colour image whose channels are equal everywhere */
  grayscale: boolean;
}

export function qualityScores(q: QualityInput): QualityScores {
  const [p5, p99] = brightnessPercentiles(q.px, q.w * q.h, q.c, [5, 99]);
  return {
    dark: Math.min(1, p99!),
    light: 1 - Math.min(1, p5!),
    lowInformation: Math.min(1, 0.1 * pilEntropy(q.hist)),
    blurry: blurryScore(q),
    oddAspectRatio: q.width > 0 && q.height > 0 ? Math.min(q.width / q.height, q.height / q.width) : 0,
    grayscale: q.grayscale,
  };
}

/**
 * Percentiles (numpy linear interpolation) of per-pixel perceived brightness
 * √(0.241R² + 0.691G² + 0.068B²)/255, or v/255 for grey pixels.
 */
export function brightnessPercentiles(px: Uint8Array, n: number, c: number, qs: number[]): number[] {
  if (n === 0) return qs.map(() => NaN);
  // Order statistics on the integer key 1000·(0.241R² + 0.691G² + 0.068B²) (same order, exact),
  // found with a 1024-bucket count and an exact pick inside the bucket.
  const keys = new Int32Array(n);
  const SHIFT = 16; // keys < 65,025,001 < 2^26: 1024 buckets
  const counts = new Int32Array(1024);
  if (c === 1)
    for (let i = 0; i < n; i++) {
      const k = px[i]! * px[i]! * 1000;
      keys[i] = k;
      counts[k >>> SHIFT]!++;
    }
  else
    for (let i = 0, o = 0; i < n; i++, o += c) {
      const r = px[o]!;
      const g = px[o + 1]!;
      const b = px[o + 2]!;
      const k = 241 * r * r + 691 * g * g + 68 * b * b;
      keys[i] = k;
      counts[k >>> SHIFT]!++;
    }
  // every order statistic needed (lo and lo+1 per percentile), resolved in one more pass
  const wanted = new Map<number, number>();
  for (const q of qs) {
    const pos = (q / 100) * (n - 1);
    wanted.set(Math.floor(pos), 0);
    wanted.set(Math.min(n - 1, Math.floor(pos) + 1), 0);
  }
  const bucketOf = new Map<number, { bucket: number; before: number }>();
  const buckets = new Map<number, { before: number; vals: Int32Array; fill: number }>();
  for (const k of wanted.keys()) {
    let bucket = 0;
    let before = 0;
    while (before + counts[bucket]! <= k) before += counts[bucket++]!;
    bucketOf.set(k, { bucket, before });
    if (!buckets.has(bucket)) buckets.set(bucket, { before, vals: new Int32Array(counts[bucket]!), fill: 0 });
  }
  const slot = new Int8Array(1024).fill(-1);
  const lists = [...buckets.entries()].map(([bucket, e], i) => ((slot[bucket] = i), e));
  for (let i = 0; i < n; i++) {
    const s = slot[keys[i]! >>> SHIFT]!;
    if (s >= 0) {
      const e = lists[s]!;
      e.vals[e.fill++] = keys[i]!;
    }
  }
  for (const e of buckets.values()) e.vals.sort();
  const orderStat = (k: number): number => {
    const { bucket, before } = bucketOf.get(k)!;
    return buckets.get(bucket)!.vals[k - before]!;
  };
  const value = (k: number) => Math.sqrt(k / 1000) / 255;
  return qs.map((q) => {
    const pos = (q / 100) * (n - 1);
    const lo = Math.floor(pos);
    const a = value(orderStat(lo));
    if (pos === lo) return a;
    const b = value(orderStat(lo + 1));
    return a + (b - a) * (pos - lo);
  });
}

/** PIL Image.entropy(): bits, over the image's whole histogram (768 bins for RGB, 256 for L). */
export function pilEntropy(hist: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < hist.length; i++) n += hist[i]!;
  if (!n) return 0;
  let e = 0;
  for (let i = 0; i < hist.length; i++) {
    const c = hist[i]!;
    if (c) {
      const p = c / n;
      e -= p * Math.log2(p);
    }
  }
  return e;
}

/**
 * CleanVision blurry score: downscale so the long side is ≤ 64 px (sizes as CleanVision computes
 * them from the original size; we resample with a box filter where PIL uses bicubic), convert to
 * L, PIL FIND_EDGES (border pixels kept). blur = 1 − e^(−0.01·std(edges)); grey-histogram term
 * = 1 − e^(−0.01·std(256-bin histogram)), zeroed when ≤ 0.18; score = min(1, blur + term).
 */
export function blurryScore(q: Pick<QualityInput, 'px' | 'w' | 'h' | 'c' | 'width' | 'height'>): number {
  const ratio = Math.max(q.width, q.height) / BLURRY_MAX_RESOLUTION;
  let tw = q.w;
  let th = q.h;
  if (ratio > 1) {
    tw = Math.max(1, Math.floor(q.width / ratio));
    th = Math.max(1, Math.floor(q.height / ratio));
  }
  const small = tw === q.w && th === q.h ? q.px : boxResize(q.px, q.w, q.h, q.c, tw, th);
  const gray = toLuma(small, tw * th, q.c);
  const edges = findEdges(gray, tw, th);
  const blur = 1 - Math.exp(-NORMALIZING_FACTOR * stdOf(edges));
  const hist = new Float64Array(256);
  for (let i = 0; i < gray.length; i++) hist[gray[i]!]!++;
  let term = 1 - Math.exp(-NORMALIZING_FACTOR * stdOf(hist));
  if (term <= COLOR_THRESHOLD) term = 0;
  return Math.min(1, blur + term);
}

/** PIL ImageFilter.FIND_EDGES: 3×3 kernel (8 centre, −1 ring), clipped to 0..255, border copied. */
export function findEdges(g: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(g);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const ring = g[i - w - 1]! + g[i - w]! + g[i - w + 1]! + g[i - 1]! + g[i + 1]! + g[i + w - 1]! + g[i + w]! + g[i + w + 1]!;
      const e = 8 * g[i]! - ring;
      out[i] = e < 0 ? 0 : e > 255 ? 255 : e;
    }
  }
  return out;
}

function stdOf(a: ArrayLike<number>): number {
  const n = a.length;
  if (!n) return 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    s += v;
    s2 += v * v;
  }
  const m = s / n;
  return Math.sqrt(Math.max(0, s2 / n - m * m));
}
