/**
 * DataEval's per-image statistics (PIXEL and VISUAL groups, v1.0 `core/_calculators`), restated
 * for 8-bit interleaved pixels. Pure functions.
 *
 * All PIXEL statistics are taken over every channel value together, scaled to [0,1], as DataEval
 * does for a whole image. Because values are integers 0..255 they are exact from histograms:
 * DataEval's 256-bin histogram over [0,1] puts value v in bin v.
 */
import type { PixelStats } from './types.js';

const EPSILON = 1e-10;

/** One 256-bin histogram per channel: hist[c * 256 + v]. */
export function channelHistograms(px: Uint8Array, channels: number): Uint32Array {
  const hist = new Uint32Array(256 * channels);
  const n = px.length;
  if (channels === 3) {
    for (let i = 0; i < n; i += 3) {
      hist[px[i]!]!++;
      hist[256 + px[i + 1]!]!++;
      hist[512 + px[i + 2]!]!++;
    }
  } else if (channels === 1) {
    for (let i = 0; i < n; i++) hist[px[i]!]!++;
  } else {
    for (let i = 0; i < n; i++) hist[(i % channels) * 256 + px[i]!]!++;
  }
  return hist;
}

interface Moments {
  n: number;
  mean: number;
  m2: number;
  m3: number;
  m4: number;
}

function momentsOf(hist: Uint32Array, from: number, bins: number, stride: number, channels: number): Moments {
  let n = 0;
  let sum = 0;
  for (let v = 0; v < bins; v++) {
    let c = 0;
    for (let k = 0; k < channels; k++) c += hist[from + k * stride + v]!;
    n += c;
    sum += c * v;
  }
  const mean = n ? sum / n : 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let v = 0; v < bins; v++) {
    let c = 0;
    for (let k = 0; k < channels; k++) c += hist[from + k * stride + v]!;
    if (!c) continue;
    const d = v - mean;
    const d2 = d * d;
    m2 += c * d2;
    m3 += c * d2 * d;
    m4 += c * d2 * d2;
  }
  return n ? { n, mean, m2: m2 / n, m3: m3 / n, m4: m4 / n } : { n, mean, m2: 0, m3: 0, m4: 0 };
}

/** numpy.percentile (linear interpolation) over the values a 256-bin histogram counts. */
export function histPercentiles(hist: ArrayLike<number>, qs: readonly number[]): number[] {
  let n = 0;
  for (let v = 0; v < 256; v++) n += hist[v]!;
  if (!n) return qs.map(() => NaN);
  const orderStat = (k: number): number => {
    let cum = 0;
    for (let v = 0; v < 256; v++) {
      cum += hist[v]!;
      if (cum > k) return v;
    }
    return 255;
  };
  return qs.map((q) => {
    const pos = (q / 100) * (n - 1);
    const lo = Math.floor(pos);
    const a = orderStat(lo);
    const b = pos > lo ? orderStat(lo + 1) : a;
    return a + (b - a) * (pos - lo);
  });
}

/** Sum the per-channel histograms into one. */
export function totalHistogram(hist: Uint32Array, channels: number): Uint32Array {
  const out = new Uint32Array(256);
  for (let k = 0; k < channels; k++) for (let v = 0; v < 256; v++) out[v]! += hist[k * 256 + v]!;
  return out;
}

/**
 * DataEval sharpness: std of the 3×3 edge filter (centre 8, ring −1; scipy convolve2d mode
 * "same", boundary "symm"), +0.5, clipped to 0..255, applied to the channel-mean image (0..255).
 * Computed on channel SUMS (integers) in a mirrored, padded copy: edge = (9·S − 3×3 sum of S)/c.
 */
export function sharpness(px: Uint8Array, w: number, h: number, channels: number): number {
  if (w < 1 || h < 1) return NaN;
  const pw = w + 2;
  const p = new Int32Array(pw * (h + 2));
  for (let y = 0; y < h; y++) {
    const row = (y + 1) * pw + 1;
    if (channels === 3) for (let x = 0, o = y * w * 3; x < w; x++, o += 3) p[row + x] = px[o]! + px[o + 1]! + px[o + 2]!;
    else if (channels === 1) for (let x = 0, o = y * w; x < w; x++, o++) p[row + x] = px[o]!;
    else
      for (let x = 0, o = y * w * channels; x < w; x++, o += channels) {
        let s = 0;
        for (let k = 0; k < channels; k++) s += px[o + k]!;
        p[row + x] = s;
      }
    p[row - 1] = p[row]!; // symmetric boundary: index -1 mirrors index 0
    p[row + w] = p[row + w - 1]!;
  }
  p.copyWithin(0, pw, 2 * pw);
  p.copyWithin((h + 1) * pw, h * pw, (h + 1) * pw);
  const inv = 1 / channels;
  let sum = 0;
  let sum2 = 0;
  for (let y = 1; y <= h; y++) {
    let i = y * pw + 1;
    // running 3-column sums of the three rows around (x−1, x, x+1)
    let colA = p[i - pw - 1]! + p[i - 1]! + p[i + pw - 1]!;
    let colB = p[i - pw]! + p[i]! + p[i + pw]!;
    for (let x = 0; x < w; x++, i++) {
      const colC = p[i - pw + 1]! + p[i + 1]! + p[i + pw + 1]!;
      let e = (9 * p[i]! - colA - colB - colC) * inv + 0.5;
      if (e < 0) e = 0;
      else if (e > 255) e = 255;
      sum += e;
      sum2 += e * e;
      colA = colB;
      colB = colC;
    }
  }
  const n = w * h;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sum2 / n - mean * mean));
}

/** The DataEval PIXEL + VISUAL set for one image. `hist` may be passed when already computed. */
export function pixelStats(px: Uint8Array, w: number, h: number, channels: number, hist = channelHistograms(px, channels)): PixelStats {
  const all = momentsOf(hist, 0, 256, 256, channels);
  const scale = 255;
  const m2 = all.m2;
  const total = totalHistogram(hist, channels);
  let entropy = 0;
  for (let v = 0; v < 256; v++) {
    const c = total[v]!;
    if (c) {
      const p = c / all.n;
      entropy -= p * Math.log(p);
    }
  }
  const q = histPercentiles(total, [0, 25, 50, 75, 100]).map((v) => v / scale);
  const qMean = q.reduce((a, b) => a + b, 0) / q.length;
  const channelMean: number[] = [];
  const channelStd: number[] = [];
  for (let k = 0; k < channels; k++) {
    const m = momentsOf(hist, k * 256, 256, 256, 1);
    channelMean.push(m.mean / scale);
    channelStd.push(Math.sqrt(m.m2) / scale);
  }
  return {
    mean: all.mean / scale,
    std: Math.sqrt(m2) / scale,
    var: m2 / (scale * scale),
    skew: m2 > 0 ? all.m3 / Math.pow(m2, 1.5) : 0,
    kurtosis: m2 > 0 ? all.m4 / (m2 * m2) - 3 : 0,
    entropy,
    zeros: all.n ? total[0]! / all.n : 0,
    brightness: q[1]!,
    darkness: q[3]!,
    contrast: (Math.max(...q) - Math.min(...q)) / (qMean + EPSILON),
    sharpness: sharpness(px, w, h, channels),
    channelMean,
    channelStd,
  };
}
