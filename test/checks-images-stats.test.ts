/**
 * Outliers (hand-built records, and the four bound methods on known arrays), CleanVision quality
 * issues and image notes (real images generated with sharp, records from computeRecord), and the
 * size-mismatch fallback.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { imageErrors, NOTE_LIMIT } from '../src/checks/image-errors.js';
import { imageQuality } from '../src/checks/image-quality.js';
import type { ImageContext } from '../src/checks/images.js';
import { makeContext } from '../src/checks/context.js';
import { adaptiveBounds, iqrBounds, zBounds } from '../src/checks/outlier-bounds.js';
import { outliers } from '../src/checks/outliers.js';
import { sorted } from '../src/checks/robust.js';
import type { Dataset } from '../src/model.js';
import { RecordTable } from '../src/scan/record-table.js';
import { computeRecord } from '../src/scan/record.js';
import { resolveSettings } from '../src/scan/settings.js';
import type { ImageRecord, PixelStats } from '../src/scan/types.js';
import { makeConfig, makeDataset, type ImageSpec } from './helpers/dataset.js';

const ctx = (ds: Dataset, records: (ImageRecord | undefined)[], thresholds: Record<string, unknown> = {}): ImageContext => ({
  cx: makeContext(ds, makeConfig(thresholds)),
  records: RecordTable.from(records),
});

// ---------- bound methods ----------

test('z-score, IQR (midpoint quartiles) and adaptive double-MAD bounds on known arrays', () => {
  const b = zBounds([1, 2, 3, 4, 5], 3);
  assert.ok(Math.abs(b.lo! - (3 - 3 * Math.SQRT2)) < 1e-12 && Math.abs(b.hi! - (3 + 3 * Math.SQRT2)) < 1e-12);
  assert.deepEqual(zBounds([2, 2, 2], 3), {});
  // midpoint quartiles of 1..8: Q1 = (2+3)/2, Q3 = (6+7)/2
  assert.deepEqual(iqrBounds(sorted([1, 2, 3, 4, 5, 6, 7, 8]), 1.5), { lo: 2.5 - 6, hi: 6.5 + 6 });
  assert.deepEqual(iqrBounds(sorted([1, 1, 1, 1, 1, 9]), 1.5), {});
  // symmetric data: half-MADs 1, p90/MAD = 1.8 < 1.91 → no tail widening; scale 1/0.6745
  const a = adaptiveBounds(sorted([1, 2, 3, 4, 5]), 2);
  assert.ok(Math.abs(a.lo! - (3 - 2 / 0.6745)) < 1e-12 && Math.abs(a.hi! - (3 + 2 / 0.6745)) < 1e-12);
  // skewed data: the heavy right tail widens the upper bound only
  const sk = sorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 30, 60]);
  const ad = adaptiveBounds(sk, 3.5);
  assert.ok(ad.hi! - 8 > 8 - ad.lo!, JSON.stringify(ad));
  // point mass with one discrete jump: tight bounds (global mean abs deviation) flag the jump
  const pm = adaptiveBounds(sorted([...Array(20).fill(0), 5]), 3.5);
  assert.ok(pm.hi! < 5 && pm.hi! > 0, JSON.stringify(pm));
  // point mass with a smooth tail of > 10 values: the non-mode MAD widens the bounds
  const smooth = adaptiveBounds(sorted([...Array(60).fill(0), ...Array.from({ length: 40 }, (_, i) => 0.01 * (i + 1))]), 3.5);
  assert.ok(smooth.hi! > 0.4, JSON.stringify(smooth));
  assert.deepEqual(adaptiveBounds(sorted([7, 7, 7, 7]), 3.5), {});
});

// ---------- outliers ----------

const STAT_KEYS = ['mean', 'std', 'skew', 'kurtosis', 'entropy', 'zeros', 'brightness', 'darkness', 'contrast', 'sharpness'] as const;

/** k-th of n evenly spread values in [lo, hi], in a scrambled order (no outliers by any method). */
const spread = (k: number, n: number, lo: number, hi: number, salt: number) => lo + ((hi - lo) * ((k * 37 + salt * 11) % n)) / (n - 1);

function statsRecord(k: number, n: number, over: Partial<PixelStats> = {}, dims: [number, number] = [640, 480]): ImageRecord {
  const s: Record<string, number> = {};
  STAT_KEYS.forEach((key, j) => (s[key] = spread(k, n, 0.3 + j * 0.01, 0.5 + j * 0.01, j + 1)));
  const stats = {
    ...(s as unknown as PixelStats),
    var: s.std! ** 2,
    channelMean: [0, 1, 2].map((c) => spread(k, n, 0.4, 0.6, 20 + c)),
    channelStd: [0, 1, 2].map((c) => spread(k, n, 0.2, 0.3, 30 + c)),
    ...over,
  };
  return { v: 1, hash: `h${k}`, bytes: Math.round(dims[0] * dims[1] * spread(k, n, 0.2, 0.3, 40)), width: dims[0], height: dims[1], channels: 3, stats };
}

test('outliers: a planted extreme value is the one finding, with its direction, methods and range', () => {
  const n = 60;
  const images: ImageSpec[] = Array.from({ length: n }, (_, k) => ({ path: `images/${String(k).padStart(3, '0')}.jpg`, boxes: [{ cls: 'a', box: [0.1, 0.1, 0.5, 0.5] }] }));
  const ds = makeDataset({ classes: ['a'], images });
  const records = images.map((_, k) => statsRecord(k, n, k === 17 ? { sharpness: 5 } : k === 40 ? { mean: 0.01 } : {}));
  const r = outliers(ctx(ds, records));
  const got = r.findings.map((f) => [f.check, f.path, f.data?.direction]).sort();
  assert.deepEqual(got, [
    ['outlier/mean', 'images/040.jpg', 'low'],
    ['outlier/sharpness', 'images/017.jpg', 'high'],
  ]);
  const sharp17 = r.findings.find((f) => f.check === 'outlier/sharpness')!;
  assert.equal(sharp17.severity, 'warning');
  assert.match(sharp17.message, /unusually high sharpness: 5 /);
  assert.match(sharp17.message, /z-score, modified z-score, IQR and adaptive double-MAD across the dataset and within class 'a'/);
  assert.match(sharp17.message, /dataset median 0\.49\d*, 90 % of images between 0\.4\d* and 0\.5\d*\)/);
  assert.equal(r.stats.flagged, 2);
  assert.equal(r.stats.classScopes, 1);
});

test('outliers: per class — a value normal for the dataset but not for its class', () => {
  // class 'night' images are dark (brightness 0.10–0.20), class 'day' bright (0.70–0.80);
  // one 'night' image at 0.45 sits between the two modes: unremarkable globally, an outlier for 'night'
  const images: ImageSpec[] = [];
  const records: ImageRecord[] = [];
  for (let k = 0; k < 120; k++) {
    const night = k % 2 === 0;
    images.push({ path: `images/${k}.jpg`, boxes: [{ cls: night ? 'night' : 'day', box: [0.1, 0.1, 0.5, 0.5] }] });
    const brightness = k === 10 ? 0.45 : night ? spread(k >> 1, 60, 0.1, 0.2, 3) : spread(k >> 1, 60, 0.7, 0.8, 5);
    records.push(statsRecord(k, 120, { brightness }));
  }
  const ds = makeDataset({ classes: ['night', 'day'], images });
  const r = outliers(ctx(ds, records));
  assert.deepEqual(
    r.findings.map((f) => [f.check, f.path]),
    [['outlier/brightness', 'images/10.jpg']],
  );
  assert.match(r.findings[0]!.message, /high brightness: 0\.45 \(class 'night' median 0\.1\d*.*within class 'night'\./);
  assert.doesNotMatch(r.findings[0]!.message, /across the dataset/);
  // without per-class bounds nothing stands out
  assert.equal(outliers(ctx(ds, records, { outliers: { perClass: false } })).findings.length, 0);
});

test('outliers: minMethods, the cap (metrics taken in turn) and severity off', () => {
  const n = 60;
  const images: ImageSpec[] = Array.from({ length: n }, (_, k) => ({ path: `i${k}.jpg` }));
  const ds = makeDataset({ classes: ['a'], images });
  // four images extreme in sharpness, two in entropy
  const records = images.map((_, k) => statsRecord(k, n, k < 4 ? { sharpness: 10 + k } : k < 6 ? { entropy: 20 + k } : {}));
  const all = outliers(ctx(ds, records));
  assert.equal(all.stats.flagged, 6);
  assert.deepEqual(all.stats.byMetric, { sharpness: 4, entropy: 2 });
  const capped = outliers(ctx(ds, records, { outliers: { maxFindings: 2 } }));
  assert.deepEqual(capped.findings.map((f) => f.check).sort(), ['outlier/entropy', 'outlier/sharpness']);
  assert.equal(capped.stats.reported, 2);
  // the most extreme of each metric is kept
  assert.deepEqual(capped.findings.map((f) => f.path).sort(), ['i3.jpg', 'i5.jpg']);
  assert.equal(outliers(ctx(ds, records, { outliers: { severity: 'off' } })).findings.length, 0);
  // fewer than 10 images: no statistics at all
  const small = makeDataset({ classes: ['a'], images: images.slice(0, 9) });
  assert.equal(outliers(ctx(small, records.slice(0, 9))).findings.length, 0);
});

// ---------- quality and notes on real images ----------

const W = 320;
const H = 240;
function texture(seed: number, w = W, h = H, gain = 1, offset = 0): Buffer {
  let s = seed * 7919 + 1;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const px = Buffer.alloc(w * h * 3);
  const blobs = Array.from({ length: 10 }, () => [rnd() * w, rnd() * h, 10 + rnd() * 60, rnd() * 255, rnd() * 255, rnd() * 255]);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let c = [(x / w) * 255, (y / h) * 255, 128];
      for (const [bx, by, r, ...col] of blobs) if ((x - bx!) ** 2 + (y - by!) ** 2 < r! * r!) c = col as number[];
      for (let k = 0; k < 3; k++) px[(y * w + x) * 3 + k] = Math.max(0, Math.min(255, Math.round(offset + gain * c[k]! + (rnd() - 0.5) * 10)));
    }
  return px;
}
const raw = (px: Buffer, w = W, h = H) => sharp(px, { raw: { width: w, height: h, channels: 3 } });
const rec = async (b: Buffer | Promise<Buffer>) => computeRecord(await b, 'x', resolveSettings());

test('quality: dark, light, low information, blurry, odd aspect, odd size and grayscale are flagged on the right files only', async () => {
  const files: [string, Promise<Buffer>][] = [];
  for (let i = 0; i < 12; i++) files.push([`ok${i}.jpg`, raw(texture(i)).jpeg().toBuffer()]);
  files.push(['dark.jpg', raw(texture(50, W, H, 0.1)).jpeg().toBuffer()]);
  files.push(['light.jpg', raw(texture(51, W, H, 0.03, 246)).jpeg().toBuffer()]);
  files.push(['solid.jpg', sharp({ create: { width: W, height: H, channels: 3, background: '#3060a0' } }).jpeg().toBuffer()]);
  // a low-contrast photo under a heavy Gaussian blur (σ = 40 px); CleanVision's score adds a
  // grey-histogram term to the edge term, so this texture (score 0.27) is flagged and seed 55 (0.49) is not
  files.push(['blurry.jpg', raw(texture(3, W, H, 0.5, 60)).blur(40).jpeg().toBuffer()]);
  files.push(['panorama.jpg', raw(texture(52, 640, 120), 640, 120).jpeg().toBuffer()]);
  files.push(['thumb.jpg', raw(texture(53, 40, 30), 40, 30).jpeg().toBuffer()]);
  files.push(['grey.jpg', raw(texture(54)).greyscale().jpeg().toBuffer()]);
  const records = await Promise.all(files.map(([, b]) => rec(b)));
  const ds = makeDataset({ classes: ['a'], images: files.map(([p]) => ({ path: p })) });
  const r = imageQuality(ctx(ds, records));
  const by = (issue: string) => r.findings.filter((f) => f.check === `quality/${issue}`).map((f) => f.path).sort();
  assert.deepEqual(by('dark'), ['dark.jpg']);
  assert.deepEqual(by('light'), ['light.jpg']);
  assert.deepEqual(by('low-information'), ['solid.jpg']);
  assert.deepEqual(by('blurry'), ['blurry.jpg']);
  assert.deepEqual(by('odd-aspect-ratio'), ['panorama.jpg']);
  assert.deepEqual(by('odd-size'), ['thumb.jpg']);
  assert.deepEqual(by('grayscale'), ['grey.jpg']);
  for (const f of r.findings) {
    assert.equal(f.severity, 'warning');
    assert.ok(f.message.startsWith(`Image ${f.path} `), f.message);
  }
  assert.match(r.findings.find((f) => f.check === 'quality/dark')!.message, /CleanVision flags under 32%/);
  assert.match(r.findings.find((f) => f.check === 'quality/odd-size')!.message, /40×30 px/);

  // a dataset where every image is grey reports no grayscale issue; thresholds come from the config
  const greys = await Promise.all([0, 1, 2, 3].map((i) => rec(raw(texture(i)).greyscale().jpeg().toBuffer())));
  const gds = makeDataset({ classes: ['a'], images: greys.map((_, i) => ({ path: `g${i}.jpg` })) });
  assert.equal(imageQuality(ctx(gds, greys)).findings.filter((f) => f.check === 'quality/grayscale').length, 0);
  const strict = imageQuality(ctx(ds, records, { quality: { dark: 0.9 } }));
  assert.ok(strict.findings.filter((f) => f.check === 'quality/dark').length > 1);
  assert.equal(imageQuality(ctx(ds, records, { quality: { severity: 'off' } })).findings.length, 0);
});

test('image notes: CMYK, 16-bit, alpha, palette, EXIF rotation with both sizes; many notes become one', async () => {
  const px = texture(7);
  const files: [string, Promise<Buffer>, boolean][] = [
    ['cmyk.jpg', raw(px).toColourspace('cmyk').jpeg().toBuffer(), true],
    ['deep.png', raw(px).toColourspace('rgb16').png().toBuffer(), true],
    ['alpha.png', raw(px).ensureAlpha(0.5).png().toBuffer(), true],
    ['palette.png', raw(px).png({ palette: true }).toBuffer(), true],
    ['rotated.jpg', raw(px).jpeg().withMetadata({ orientation: 6 }).toBuffer(), true],
    ['rotated_unlabeled.jpg', raw(px).jpeg().withMetadata({ orientation: 8 }).toBuffer(), false],
    ['plain.jpg', raw(px).jpeg().toBuffer(), true],
  ];
  const records = await Promise.all(files.map(([, b]) => rec(b)));
  const ds = makeDataset({
    classes: ['a'],
    images: files.map(([p, , labeled]) => ({ path: p, ...(labeled ? { boxes: [{ cls: 'a', box: [0.1, 0.1, 0.3, 0.4] as [number, number, number, number] }] } : {}) })),
  });
  const r = imageErrors(ctx(ds, records));
  const got = r.findings.map((f) => [f.check, f.path, f.severity]).sort();
  assert.deepEqual(got, [
    ['image/16-bit', 'deep.png', 'warning'],
    ['image/alpha', 'alpha.png', 'info'],
    ['image/cmyk', 'cmyk.jpg', 'info'],
    ['image/exif-rotated', 'rotated.jpg', 'warning'],
    ['image/palette', 'palette.png', 'info'],
  ]);
  const rot = r.findings.find((f) => f.check === 'image/exif-rotated')!;
  assert.match(rot.message, /EXIF orientation 6 \(rotated 90° clockwise\): stored as 320×240 px, displayed as 240×320 px/);
  assert.deepEqual(rot.data?.stored, [320, 240]);

  // more than NOTE_LIMIT images with alpha: one finding that counts them
  const many = await rec(raw(px).ensureAlpha(0.5).png().toBuffer());
  const n = NOTE_LIMIT + 5;
  const mds = makeDataset({ classes: ['a'], images: Array.from({ length: n }, (_, i) => ({ path: `a${String(i).padStart(2, '0')}.png` })) });
  const m = imageErrors(ctx(mds, Array(n).fill(many))).findings;
  assert.equal(m.length, 1);
  assert.equal(m[0]!.check, 'image/alpha');
  assert.equal(m[0]!.path, 'a00.png');
  assert.match(m[0]!.message, new RegExp(`^${n} images have an alpha channel`));
  assert.equal(m[0]!.related?.length, n - 1);
});

test('EXIF rotation: says which frame the annotation declares', async () => {
  const r = await rec(raw(texture(3)).jpeg().withMetadata({ orientation: 6 }).toBuffer());
  const box = { cls: 'a', box: [0.1, 0.1, 0.3, 0.4] as [number, number, number, number] };
  const stored = makeDataset({ classes: ['a'], images: [{ path: 'x.jpg', declaredWidth: 320, declaredHeight: 240, boxes: [box] }] });
  assert.match(imageErrors(ctx(stored, [r])).findings[0]!.message, /declares 320×240, the stored \(unrotated\) frame/);
  const shown = makeDataset({ classes: ['a'], images: [{ path: 'x.jpg', declaredWidth: 240, declaredHeight: 320, boxes: [box] }] });
  assert.match(imageErrors(ctx(shown, [r])).findings[0]!.message, /declares 240×320, the displayed \(rotated\) frame/);
});

test('size mismatch: reported from the record only where the reader could not compare', () => {
  const rec640: ImageRecord = { v: 1, hash: 'a', bytes: 1000, width: 640, height: 480, channels: 3 };
  const ds = makeDataset({
    classes: ['a'],
    format: 'voc',
    images: [
      // header unreadable by the reader: size from the annotation only
      { path: 'JPEGImages/a.jpg', labelPath: 'Annotations/a.xml', width: 800, height: 600, sizeSource: 'annotation', declaredWidth: 800, declaredHeight: 600 },
      // the reader compared it (files.ts reports): not again
      { path: 'JPEGImages/b.jpg', labelPath: 'Annotations/b.xml', width: 640, height: 480, sizeSource: 'file', declaredWidth: 800, declaredHeight: 600 },
      // matches
      { path: 'JPEGImages/c.jpg', labelPath: 'Annotations/c.xml', width: 640, height: 480, sizeSource: 'annotation', declaredWidth: 640, declaredHeight: 480 },
    ],
  });
  const f = imageErrors(ctx(ds, [rec640, rec640, rec640])).findings;
  assert.deepEqual(
    f.map((x) => [x.check, x.path, x.key, x.severity]),
    [['image/size-mismatch', 'Annotations/a.xml', 'JPEGImages/a.jpg', 'error']],
  );
  assert.match(f[0]!.message, /declares JPEGImages\/a\.jpg as 800×600 px, but the image decodes as 640×480 px/);
});
