import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { contentHash } from '../src/scan/decode.js';
import { computeRecord } from '../src/scan/record.js';
import { scanImages, type ScanItem } from '../src/scan/scan.js';
import { resolveSettings } from '../src/scan/settings.js';

const settings = resolveSettings();

function rgb(w: number, h: number, seed = 1, scale = 1): Buffer {
  let s = seed;
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      const stripe = Math.floor(x / 12 + y / 20 + seed) % 2 ? 200 : 50;
      px[o] = Math.min(255, scale * stripe);
      px[o + 1] = Math.min(255, scale * Math.max(0, Math.min(255, (y * 255) / h + (r() - 0.5) * 40)));
      px[o + 2] = Math.min(255, scale * ((x * 255) / w));
    }
  return px;
}
const raw = (w: number, h: number, px: Buffer) => sharp(px, { raw: { width: w, height: h, channels: 3 } });

async function rec(buf: Buffer, s = settings) {
  return computeRecord(buf, contentHash(buf), s);
}

test('records of a normal JPEG and PNG have sane statistics, scores and hashes', async () => {
  for (const buf of [await raw(320, 240, rgb(320, 240)).jpeg({ quality: 92 }).toBuffer(), await raw(320, 240, rgb(320, 240)).png().toBuffer()]) {
    const r = await rec(buf);
    assert.equal(r.error, undefined);
    assert.deepEqual([r.width, r.height, r.channels, r.bitDepth], [320, 240, 3, 8]);
    const s = r.stats!;
    assert.ok(s.mean > 0.2 && s.mean < 0.8, `mean ${s.mean}`);
    assert.ok(s.std > 0.1 && Math.abs(s.var - s.std * s.std) < 1e-12);
    assert.ok(s.entropy > 3 && s.entropy <= Math.log(256));
    assert.ok(s.brightness <= s.darkness);
    assert.ok(s.sharpness > 5);
    assert.equal(s.channelMean.length, 3);
    const q = r.quality!;
    assert.ok(q.dark > 0.32 && q.light > 0.05 && q.lowInformation > 0.3);
    assert.equal(q.oddAspectRatio, 0.75);
    assert.equal(q.grayscale, false);
    assert.match(r.phash!, /^[0-9a-f]{16}$/);
    assert.match(r.pixelHash!, /^[0-9a-f]{32}$/);
  }
});

test('a dark image scores dark; a blurred image scores blurrier than its source', async () => {
  const dark = await rec(await raw(200, 150, rgb(200, 150, 2, 0.12)).png().toBuffer());
  assert.ok(dark.quality!.dark < 0.32, `dark ${dark.quality!.dark}`);
  const src = await raw(256, 192, rgb(256, 192, 3)).png().toBuffer();
  const blurred = await sharp(src).blur(6).png().toBuffer();
  const a = await rec(src);
  const b = await rec(blurred);
  assert.ok(b.quality!.blurry < a.quality!.blurry, `blurry ${b.quality!.blurry} vs ${a.quality!.blurry}`);
  assert.ok(b.stats!.sharpness < a.stats!.sharpness);
});

test('a 3-channel image with equal channels is grayscale; so is a 1-channel one', async () => {
  const px = rgb(64, 48);
  for (let i = 0; i < px.length; i += 3) px[i + 1] = px[i + 2] = px[i]!;
  const r3 = await rec(await raw(64, 48, px).png().toBuffer());
  assert.equal(r3.channels, 3);
  assert.equal(r3.quality!.grayscale, true);
  const r1 = await rec(await raw(64, 48, px).toColourspace('b-w').png().toBuffer());
  assert.equal(r1.channels, 1);
  assert.equal(r1.quality!.grayscale, true);
});

test('same pixels in another encoding or with other metadata share pixelHash; other pixels do not', async () => {
  const px = rgb(120, 90, 5);
  const png = await raw(120, 90, px).png({ compressionLevel: 9 }).toBuffer();
  const png2 = await raw(120, 90, px).png({ compressionLevel: 1 }).withMetadata({ density: 300 }).toBuffer();
  const other = Buffer.from(px);
  other[5000] = other[5000]! ^ 1;
  const png3 = await raw(120, 90, other).png().toBuffer();
  const [a, b, c] = await Promise.all([rec(png), rec(png2), rec(png3)]);
  assert.notEqual(a.hash, b.hash);
  assert.equal(a.pixelHash, b.pixelHash);
  assert.notEqual(a.pixelHash, c.pixelHash);
});

test('bad files become records with the right error kind; special images decode correctly', async () => {
  const px = rgb(48, 32);
  const jpg = await raw(48, 32, px).jpeg().toBuffer();
  const cases: [string, Buffer, string | undefined, (r: Awaited<ReturnType<typeof rec>>) => void][] = [
    ['zero bytes', Buffer.alloc(0), 'empty', () => {}],
    ['text named .jpg', Buffer.from('hello, not a picture'), 'not-image', () => {}],
    ['truncated JPEG', jpg.subarray(0, jpg.length >> 1), 'truncated', (r) => assert.equal(r.width, 48)],
    ['random bytes', Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 97 + 13) % 256)), 'not-image', () => {}],
    ['CMYK JPEG', await raw(48, 32, px).toColourspace('cmyk').jpeg().toBuffer(), undefined, (r) => assert.equal(r.space, 'cmyk')],
    ['16-bit PNG', await raw(48, 32, px).toColourspace('rgb16').png().toBuffer(), undefined, (r) => assert.equal(r.bitDepth, 16)],
    ['RGBA PNG', await raw(48, 32, px).ensureAlpha(0.5).png().toBuffer(), undefined, (r) => assert.equal(r.hasAlpha, true)],
    ['palette PNG', await raw(48, 32, px).png({ palette: true }).toBuffer(), undefined, (r) => assert.equal(r.palette, true)],
    ['grey JPEG', await raw(48, 32, px).toColourspace('b-w').jpeg().toBuffer(), undefined, (r) => assert.equal(r.quality!.grayscale, true)],
    [
      'EXIF-rotated JPEG',
      await raw(48, 32, px).jpeg().withMetadata({ orientation: 8 }).toBuffer(),
      undefined,
      (r) => assert.deepEqual([r.width, r.height, r.orientation, r.quality!.oddAspectRatio], [32, 48, 8, 32 / 48]),
    ],
  ];
  for (const [name, buf, kind, check] of cases) {
    const r = await rec(buf);
    assert.equal(r.error?.kind, kind, `${name}: ${r.error?.message}`);
    if (kind) assert.equal(r.stats, undefined, name);
    else assert.ok(r.stats && r.phash, name);
    check(r);
  }
  const bomb = await rec(jpg, resolveSettings({ limitInputPixels: 1000 }));
  assert.equal(bomb.error?.kind, 'bomb');
  assert.match(bomb.error!.message, /48×32/);
});

test('scanImages: aligned records, errors as records, warm run decodes nothing', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dqc-scan-'));
  const cache = path.join(dir, 'cache');
  try {
    const items: ScanItem[] = [];
    for (let i = 0; i < 6; i++) {
      const f = path.join(dir, `img${i}.jpg`);
      writeFileSync(f, await raw(64, 48, rgb(64, 48, i + 1)).jpeg().toBuffer());
      items.push({ path: `img${i}.jpg`, absPath: f });
    }
    writeFileSync(path.join(dir, 'bad.jpg'), 'not an image');
    items.push({ path: 'bad.jpg', absPath: path.join(dir, 'bad.jpg') });
    const bytes = await raw(64, 48, rgb(64, 48, 9)).png().toBuffer();
    items.push({ path: 'mem.png', bytes });
    items.push({ path: 'git.jpg', absPath: items[0]!.absPath!, hash: 'a'.repeat(40) }); // known blob SHA
    items.push({ path: 'missing.jpg', absPath: path.join(dir, 'missing.jpg') });

    let last = 0;
    const cold = await scanImages(items, { cacheDir: cache, onProgress: (d, t) => (assert.equal(t, items.length), (last = d)) });
    assert.equal(last, items.length);
    assert.equal(cold.records.length, items.length);
    assert.equal(cold.records.get(6)!.error?.kind, 'not-image');
    assert.equal(cold.records.get(7)!.format, 'png');
    assert.equal(cold.records.get(8)!.hash, 'a'.repeat(40));
    assert.equal(cold.records.get(8)!.pixelHash, cold.records.get(0)!.pixelHash);
    assert.equal(cold.records.get(9)!.error?.kind, 'corrupt');
    assert.match(cold.records.get(9)!.error!.message, /could not be read/);
    assert.equal(cold.scan.images, items.length);
    assert.equal(cold.scan.fromCache, 0);
    assert.equal(cold.scan.decoded, 9);

    const warm = await scanImages(items, { cacheDir: cache });
    assert.deepEqual(warm.scan, { images: items.length, decoded: 0, fromCache: 9 });
    assert.deepEqual(warm.records.toArray(), cold.records.toArray());

    const other = await scanImages(items.slice(0, 2), { cacheDir: cache, settings: { thumbSize: 64 } });
    assert.equal(other.scan.decoded, 2, 'other settings: a different store key');

    writeFileSync(path.join(dir, 'not-a-dir'), '');
    const noStore = await scanImages(items.slice(0, 1), { cacheDir: path.join(dir, 'not-a-dir') });
    assert.equal(noStore.scan.decoded, 1, 'an unusable cache dir: decoded anyway');
    assert.match(noStore.warnings![0]!, /could not be opened/);

    const inThreads = await scanImages(items.slice(0, 3), { poolMode: 'thread', workers: 2 });
    assert.deepEqual(inThreads.records.toArray(), cold.records.toArray().slice(0, 3));
    const inProcesses = await scanImages(items.slice(0, 3), { poolMode: 'process', workers: 2 });
    assert.deepEqual(inProcesses.records.toArray(), cold.records.toArray().slice(0, 3));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
