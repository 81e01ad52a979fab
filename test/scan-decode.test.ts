import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { decodeImage } from '../src/scan/decode.js';
import { readHeader } from '../src/scan/header.js';
import { resolveSettings } from '../src/scan/settings.js';

const settings = resolveSettings();

/** photo-like RGB pixels: gradient, a disc, noise */
function rgb(w: number, h: number, seed = 1): Buffer {
  let s = seed;
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const inDisc = (x - w / 2) ** 2 + (y - h / 2) ** 2 < (h / 3) ** 2;
      const o = (y * w + x) * 3;
      px[o] = inDisc ? 220 : (x * 255) / w;
      px[o + 1] = Math.max(0, Math.min(255, (y * 255) / h + (r() - 0.5) * 30));
      px[o + 2] = inDisc ? 30 : 128;
    }
  return px;
}
const raw = (w: number, h: number, c: 1 | 2 | 3 | 4, px: Buffer) => sharp(px, { raw: { width: w, height: h, channels: c } });

test('a normal JPEG decodes to upright 8-bit sRGB with its header read in JS', async () => {
  const jpg = await raw(64, 48, 3, rgb(64, 48)).jpeg({ quality: 90 }).toBuffer();
  const out = await decodeImage(jpg, settings);
  assert.ok(out.ok);
  assert.equal(out.image.channels, 3);
  assert.equal(out.image.width, 64);
  assert.equal(out.image.pixels.length, 64 * 48 * 3);
  assert.deepEqual(readHeader(jpg), { format: 'jpeg', width: 64, height: 48, channels: 3, bitDepth: 8, hasAlpha: false, space: 'srgb', palette: false });
});

test('JS headers agree with sharp.metadata for JPEG and PNG variants', async () => {
  const variants = [
    await raw(40, 30, 3, rgb(40, 30)).jpeg().toBuffer(),
    await raw(40, 30, 3, rgb(40, 30)).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    await raw(40, 30, 3, rgb(40, 30)).toColourspace('cmyk').jpeg().toBuffer(),
    await raw(40, 30, 3, rgb(40, 30)).toColourspace('b-w').jpeg().toBuffer(),
    await raw(40, 30, 3, rgb(40, 30)).png().toBuffer(),
    await raw(40, 30, 3, rgb(40, 30)).ensureAlpha(0.5).png().toBuffer(),
    await raw(40, 30, 3, rgb(40, 30)).png({ palette: true }).toBuffer(),
    await raw(40, 30, 3, rgb(40, 30)).toColourspace('rgb16').png().toBuffer(),
    await raw(40, 30, 3, rgb(40, 30)).toColourspace('b-w').png().toBuffer(),
  ];
  for (const buf of variants) {
    const h = readHeader(buf)!;
    const m = await sharp(buf).metadata();
    assert.equal(h.format, m.format);
    assert.equal(h.channels, m.channels, `${m.format} ${m.space} channels`);
    assert.equal(h.hasAlpha, m.hasAlpha);
    assert.equal(h.palette, m.isPalette);
    assert.equal(h.orientation, m.orientation);
    assert.deepEqual([h.width, h.height], [m.autoOrient.width, m.autoOrient.height]);
  }
});

test('each bad file becomes the right error kind and never throws', async () => {
  const jpg = await raw(64, 48, 3, rgb(64, 48)).jpeg().toBuffer();
  const png = await raw(64, 48, 3, rgb(64, 48)).png().toBuffer();
  let seed = 7;
  const random = Buffer.from(Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 255));
  random[0] = 0x42; // not any magic number
  const big = await raw(320, 240, 3, rgb(320, 240)).jpeg({ quality: 95 }).toBuffer();
  const damaged = Buffer.concat([big.subarray(0, 2000), Buffer.alloc(3000, 0xff), big.subarray(5000)]);
  const cases: [string, Buffer, string, Partial<typeof settings>?][] = [
    ['zero bytes', Buffer.alloc(0), 'empty'],
    ['text named .jpg', Buffer.from('this is not an image\n'.repeat(10)), 'not-image'],
    ['random bytes', random, 'not-image'],
    ['truncated JPEG', jpg.subarray(0, Math.floor(jpg.length / 2)), 'truncated'],
    ['truncated PNG', png.subarray(0, Math.floor(png.length / 2)), 'truncated'],
    ['JPEG header with garbage after it', Buffer.concat([jpg.subarray(0, 2), random]), 'corrupt'],
    ['BMP (not supported by the decoder)', Buffer.concat([Buffer.from('BM'), random]), 'unsupported'],
    ['SVG (vector)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'), 'unsupported'],
    ['over limitInputPixels', jpg, 'bomb', { limitInputPixels: 1000 }],
    ['JPEG whose data is damaged in the middle', damaged, 'corrupt'],
  ];
  for (const [name, bytes, kind, s] of cases) {
    const out = await decodeImage(bytes, resolveSettings(s));
    assert.equal(out.ok, false, name);
    if (!out.ok) {
      assert.equal(out.error.kind, kind, `${name}: ${out.error.message}`);
      assert.ok(out.error.message.length > 10);
    }
  }
});

test('CMYK, 16-bit, alpha, palette and grey images decode to 8-bit sRGB or grey without alpha', async () => {
  const px = rgb(32, 24);
  const cmyk = await raw(32, 24, 3, px).toColourspace('cmyk').jpeg().toBuffer();
  const png16 = await raw(32, 24, 3, px).toColourspace('rgb16').png().toBuffer();
  const rgba = await raw(32, 24, 3, px).ensureAlpha(0.3).png().toBuffer();
  const palette = await raw(32, 24, 3, px).png({ palette: true, colours: 16 }).toBuffer();
  const grey = await raw(32, 24, 3, px).toColourspace('b-w').png().toBuffer();
  const ref = await decodeImage(await raw(32, 24, 3, px).png().toBuffer(), settings);
  assert.ok(ref.ok);
  for (const [name, buf, channels] of [
    ['cmyk', cmyk, 3],
    ['16-bit', png16, 3],
    ['rgba', rgba, 3],
    ['palette', palette, 3],
    ['grey', grey, 1],
  ] as const) {
    const out = await decodeImage(buf, settings);
    assert.ok(out.ok, name);
    assert.equal(out.image.channels, channels, name);
    assert.equal(out.image.pixels.length, 32 * 24 * channels, name);
    if (name === '16-bit' || name === 'rgba') assert.deepEqual(Buffer.from(out.image.pixels), Buffer.from(ref.image.pixels), `${name} keeps the colour values`);
    if (name === 'cmyk') {
      // the round trip through CMYK stays close to the original colours
      let diff = 0;
      for (let i = 0; i < px.length; i++) diff += Math.abs(out.image.pixels[i]! - ref.image.pixels[i]!);
      assert.ok(diff / px.length < 20, `cmyk mean abs diff ${diff / px.length}`);
    }
  }
  const h16 = await decodeImage(png16, settings);
  assert.ok(h16.ok && h16.image.header.bitDepth === 16);
  const hp = await decodeImage(palette, settings);
  assert.ok(hp.ok && hp.image.header.palette);
  const ha = await decodeImage(rgba, settings);
  assert.ok(ha.ok && ha.image.header.hasAlpha && ha.image.header.channels === 4);
});

test('an EXIF-rotated JPEG is decoded upright and its orientation recorded', async () => {
  // a wide image with a red left half, stored with orientation 6 (rotate 90° clockwise to view)
  const w = 40;
  const h = 20;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px[(y * w + x) * 3] = x < w / 2 ? 255 : 0;
  const jpg = await raw(w, h, 3, px).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
  const out = await decodeImage(jpg, settings);
  assert.ok(out.ok);
  assert.equal(out.image.header.orientation, 6);
  assert.deepEqual([out.image.width, out.image.height, out.image.header.width, out.image.header.height], [h, w, h, w]);
  // after a 90° clockwise turn the left half is on top
  assert.ok(out.image.pixels[0]! > 200);
  assert.ok(out.image.pixels[(h * w - 1) * 3]! < 60);
});

test('JPEG warnings: padding between segments is benign; damage is found even when two broken files decode at once', async () => {
  const jpg = await raw(160, 120, 3, rgb(160, 120, 3)).jpeg({ quality: 90 }).toBuffer();
  // 5 zero bytes before the second marker segment: libjpeg warns "extraneous bytes before marker"
  const seg2 = 4 + jpg.readUInt16BE(4);
  const padded = Buffer.concat([jpg.subarray(0, seg2), Buffer.alloc(5), jpg.subarray(seg2)]);
  const p = await decodeImage(padded, settings);
  assert.ok(p.ok, p.ok ? '' : p.error.message);
  const plain = await decodeImage(jpg, settings);
  assert.ok(plain.ok && Buffer.from(p.image.pixels).equals(Buffer.from(plain.image.pixels)));

  const other = await raw(160, 120, 3, rgb(160, 120, 9)).jpeg({ quality: 90 }).toBuffer();
  const truncated = other.subarray(0, other.length >> 1);
  const garbled = Buffer.from(jpg);
  for (let k = 600; k < garbled.length - 2; k += 7) garbled[k] = (garbled[k]! * 31 + 7) & 0xff;
  // libvips has one error buffer per process: concurrent failures used to swap or lose messages
  for (let i = 0; i < 60; i++) {
    const [t, g] = await Promise.all([decodeImage(truncated, settings), decodeImage(garbled, settings)]);
    assert.equal(t.ok ? 'ok' : t.error.kind, 'truncated');
    assert.equal(g.ok ? 'ok' : g.error.kind, 'corrupt', `round ${i}`);
  }
});
