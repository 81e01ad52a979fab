import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { channelHistograms, histPercentiles, pixelStats, sharpness } from '../src/scan/pixel-stats.js';
import { boxResize, sampleResize, toLuma } from '../src/scan/resample.js';
import { brightnessPercentiles, blurryScore, findEdges, pilEntropy, qualityScores } from '../src/scan/quality.js';

/** numpy.percentile, linear interpolation, on a plain array */
function npPercentile(values: number[], q: number): number {
  const a = [...values].sort((x, y) => x - y);
  const pos = (q / 100) * (a.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(a.length - 1, lo + 1);
  return a[lo]! + (a[hi]! - a[lo]!) * (pos - lo);
}

/** scipy convolve2d(mode="same", boundary="symm") with the DataEval edge kernel, + 0.5, clipped, std */
function naiveSharpness(px: Uint8Array, w: number, h: number, c: number): number {
  const g = (x: number, y: number) => {
    const xx = x < 0 ? 0 : x >= w ? w - 1 : x;
    const yy = y < 0 ? 0 : y >= h ? h - 1 : y;
    let s = 0;
    for (let k = 0; k < c; k++) s += px[(yy * w + xx) * c + k]!;
    return s / c;
  };
  const vals: number[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let e = 9 * g(x, y);
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) e -= g(x + dx, y + dy);
      vals.push(Math.min(255, Math.max(0, e + 0.5)));
    }
  const m = vals.reduce((a, b) => a + b, 0) / vals.length;
  return Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / vals.length);
}

const image = fc
  .record({ w: fc.integer({ min: 1, max: 12 }), h: fc.integer({ min: 1, max: 12 }), c: fc.constantFrom(1, 3) })
  .chain(({ w, h, c }) => fc.uint8Array({ minLength: w * h * c, maxLength: w * h * c }).map((px) => ({ w, h, c, px })));

test('sharpness equals a direct restatement of DataEval edge_filter + std', () => {
  fc.assert(
    fc.property(image, ({ w, h, c, px }) => {
      assert.ok(Math.abs(sharpness(px, w, h, c) - naiveSharpness(px, w, h, c)) < 1e-9);
    }),
  );
});

test('pixel statistics match plain formulas over all channel values scaled to [0,1]', () => {
  fc.assert(
    fc.property(image, ({ w, h, c, px }) => {
      const s = pixelStats(px, w, h, c);
      const v = [...px].map((x) => x / 255);
      const n = v.length;
      const mean = v.reduce((a, b) => a + b, 0) / n;
      const m2 = v.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
      const m3 = v.reduce((a, b) => a + (b - mean) ** 3, 0) / n;
      const m4 = v.reduce((a, b) => a + (b - mean) ** 4, 0) / n;
      const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
      close(s.mean, mean);
      close(s.var, m2);
      close(s.std, Math.sqrt(m2));
      if (m2 > 1e-12) {
        close(s.skew, m3 / m2 ** 1.5);
        close(s.kurtosis, m4 / m2 ** 2 - 3);
      }
      close(s.zeros, [...px].filter((x) => x === 0).length / n);
      close(s.brightness, npPercentile(v, 25));
      close(s.darkness, npPercentile(v, 75));
      assert.equal(s.channelMean.length, c);
    }),
  );
});

test('histogram percentiles and brightness percentiles equal numpy.percentile', () => {
  fc.assert(
    fc.property(image, fc.constantFrom(0, 1, 5, 25, 50, 99, 100), ({ w, h, c, px }, q) => {
      const hist = channelHistograms(px, c);
      const total = new Uint32Array(256);
      for (let i = 0; i < hist.length; i++) total[i % 256]! += hist[i]!;
      assert.ok(Math.abs(histPercentiles(total, [q])[0]! - npPercentile([...px], q)) < 1e-9);
      const bright: number[] = [];
      for (let i = 0; i < w * h; i++) {
        if (c === 1) bright.push(px[i]! / 255);
        else {
          const [r, g, b] = [px[i * 3]!, px[i * 3 + 1]!, px[i * 3 + 2]!];
          bright.push(Math.sqrt(0.241 * r * r + 0.691 * g * g + 0.068 * b * b) / 255);
        }
      }
      assert.ok(Math.abs(brightnessPercentiles(px, w * h, c, [q])[0]! - npPercentile(bright, q)) < 1e-9);
    }),
  );
});

test('PIL entropy: a uniform 256-level grey ramp has 8 bits; a flat image 0', () => {
  const ramp = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(pilEntropy(channelHistograms(ramp, 1)), 8);
  assert.equal(pilEntropy(channelHistograms(new Uint8Array(100).fill(7), 1)), 0);
});

test('FIND_EDGES keeps the border and clips the interior', () => {
  const g = Uint8Array.from([10, 10, 10, 10, 200, 10, 10, 10, 10]);
  const e = findEdges(g, 3, 3);
  assert.deepEqual([...e], [10, 10, 10, 10, 255, 10, 10, 10, 10]);
});

test('box and point resizes keep a flat image flat and sizes right', () => {
  const flat = new Uint8Array(50 * 30 * 3).fill(77);
  assert.ok(boxResize(flat, 50, 30, 3, 7, 5).every((v) => v === 77));
  assert.ok(boxResize(flat, 50, 30, 3, 64, 64).every((v) => v === 77)); // enlarging
  assert.equal(sampleResize(flat, 50, 30, 3, 10, 6).length, 10 * 6 * 3);
  assert.deepEqual([...toLuma(Uint8Array.from([255, 0, 0, 0, 255, 0]), 2, 3)], [76, 150]);
});

function photo(w: number, h: number, seed = 1): Uint8Array {
  let s = seed;
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const px = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const edge = (Math.floor(x / 8) + Math.floor(y / 8)) % 2 ? 180 : 40;
      for (let k = 0; k < 3; k++) px[(y * w + x) * 3 + k] = Math.max(0, Math.min(255, edge + (r() - 0.5) * 30 + k * 10));
    }
  return px;
}

test('quality: a dark image scores dark, a flat one low-information, shapes odd', () => {
  const dark = photo(64, 48).map((v) => v >> 4);
  const hist = channelHistograms(dark, 3);
  const q = qualityScores({ px: dark, w: 64, h: 48, c: 3, hist, width: 64, height: 48, grayscale: false });
  assert.ok(q.dark < 0.32, `dark score ${q.dark}`);
  const bright = photo(64, 48);
  const qb = qualityScores({ px: bright, w: 64, h: 48, c: 3, hist: channelHistograms(bright, 3), width: 640, height: 100, grayscale: false });
  assert.ok(qb.dark > 0.32);
  assert.ok(Math.abs(qb.oddAspectRatio - 100 / 640) < 1e-12);
  const flat = new Uint8Array(64 * 48 * 3).fill(120);
  const qf = qualityScores({ px: flat, w: 64, h: 48, c: 3, hist: channelHistograms(flat, 3), width: 64, height: 48, grayscale: true });
  assert.ok(qf.lowInformation < 0.3);
  assert.equal(qf.grayscale, true);
});

test('blurry: a box-blurred copy scores blurrier than its sharp source', () => {
  const sharpPx = photo(64, 48);
  let blurred = sharpPx;
  for (let pass = 0; pass < 3; pass++) blurred = mean3x3(blurred, 64, 48);
  const a = blurryScore({ px: sharpPx, w: 64, h: 48, c: 3, width: 64, height: 48 });
  const b = blurryScore({ px: blurred, w: 64, h: 48, c: 3, width: 64, height: 48 });
  assert.ok(b < a, `blurred ${b} should score below sharp ${a}`);
});

function mean3x3(px: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(px.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < 3; k++) {
        let s = 0;
        let n = 0;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            const yy = y + dy;
            if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
              s += px[(yy * w + xx) * 3 + k]!;
              n++;
            }
          }
        out[(y * w + x) * 3 + k] = Math.round(s / n);
      }
  return out;
}
