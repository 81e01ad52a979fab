import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { contentHash } from '../src/scan/decode.js';
import { findNearPairs } from '../src/scan/near-index.js';
import { D4_ALL, dct8x8, hamming64, perceptualHashes, transformThumb } from '../src/scan/phash.js';
import { computeRecord } from '../src/scan/record.js';
import { resolveSettings } from '../src/scan/settings.js';

const settings = resolveSettings();

/** A 32×32 grey thumbnail with structure (seeded). */
function thumb(seed: number): Uint8Array {
  let s = seed;
  const r = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const a = r() * 3;
  const b = r() * 3;
  return new Uint8Array(1024).map((_, i) => {
    const x = i % 32;
    const y = i >> 5;
    return Math.max(0, Math.min(255, Math.round(128 + 60 * Math.sin(x * 0.2 * a + y * 0.1 * b) + 2 * x - y + 20 * (r() - 0.5))));
  });
}

/** A 320×240 RGB scene: a seeded arrangement of coloured rectangles and discs on a gradient. */
function scene(seed: number, w = 320, h = 240): Buffer {
  let s = seed * 7919 + 1;
  const r = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const px = Buffer.alloc(w * h * 3);
  const bg = [r() * 255, r() * 255, r() * 255];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) for (let k = 0; k < 3; k++) px[(y * w + x) * 3 + k] = (bg[k]! * (0.5 + (0.5 * x) / w) + (y * 40) / h) & 255;
  for (let n = 0; n < 9; n++) {
    const cx = r() * w;
    const cy = r() * h;
    const rad = 15 + r() * 50;
    const col = [r() * 255, r() * 255, r() * 255];
    const disc = r() < 0.5;
    for (let y = Math.max(0, Math.floor(cy - rad)); y < Math.min(h, cy + rad); y++)
      for (let x = Math.max(0, Math.floor(cx - rad)); x < Math.min(w, cx + rad); x++) {
        if (disc && (x - cx) ** 2 + (y - cy) ** 2 > rad * rad) continue;
        for (let k = 0; k < 3; k++) px[(y * w + x) * 3 + k] = col[k]!;
      }
  }
  return px;
}

test('pHash is the DCT-II of the thumbnail: the direct double sum gives the same low-frequency block', () => {
  const g = thumb(3);
  const d = dct8x8(g);
  for (const [v, u] of [
    [0, 0],
    [0, 1],
    [3, 5],
    [7, 7],
  ] as const) {
    let direct = 0;
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 32; x++) direct += g[y * 32 + x]! * Math.cos((Math.PI * (2 * x + 1) * u) / 64) * Math.cos((Math.PI * (2 * y + 1) * v) / 64);
    // integer cosine table ×4096 per axis
    assert.ok(Math.abs(d[v * 8 + u]! / 4096 ** 2 - direct) < 1e-3 * 1024 * 255, `(${v},${u}) ${d[v * 8 + u]! / 4096 ** 2} vs ${direct}`);
  }
  const h = perceptualHashes(g);
  assert.match(h.phash, /^[0-9a-f]{16}$/);
  // DC bit set, 31 AC coefficients above the median of the 63
  const bits = [...BigInt('0x' + h.phash).toString(2).padStart(64, '0')];
  assert.equal(bits[0], '1');
  assert.equal(bits.filter((b) => b === '1').length, 32);
});

test('the D4 hashes are the same for all 8 rotations/flips of a thumbnail; the plain ones are not', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const g = thumb(seed);
    const base = perceptualHashes(g);
    const plain = new Set<string>();
    for (const t of D4_ALL) {
      const h = perceptualHashes(transformThumb(g, t));
      assert.equal(h.phashD4, base.phashD4, `phashD4 ${JSON.stringify(t)}`);
      assert.equal(h.dhashD4, base.dhashD4, `dhashD4 ${JSON.stringify(t)}`);
      plain.add(h.phash);
    }
    assert.ok(plain.size >= 4, `plain pHash changes under rotation (${plain.size} distinct)`);
  }
});

test('hamming64 counts differing bits; lowVariance marks a flat thumbnail, not a textured one', () => {
  assert.equal(hamming64('0000000000000000', 'ffffffffffffffff'), 64);
  assert.equal(hamming64('8000000000000001', '0000000000000000'), 2);
  assert.equal(hamming64('0123456789abcdef', '0123456789abcdef'), 0);
  assert.equal(perceptualHashes(new Uint8Array(1024).fill(90)).lowVariance, true);
  assert.equal(perceptualHashes(new Uint8Array(1024).map((_, i) => 90 + (i % 3))).lowVariance, true);
  assert.equal(perceptualHashes(thumb(9)).lowVariance, false);
});

test('planted copies stay within the near-duplicate radius of their original; distinct scenes do not', async () => {
  const R = 8;
  const rec = async (buf: Buffer) => computeRecord(buf, contentHash(buf), settings);
  const names: string[] = [];
  const recs: Awaited<ReturnType<typeof rec>>[] = [];
  const w = 320;
  const h = 240;
  const seeds = [11, 22, 33, 44];
  for (const seed of seeds) {
    const img = () => sharp(scene(seed), { raw: { width: w, height: h, channels: 3 } });
    const orig = await img().jpeg({ quality: 90 }).toBuffer();
    const variants: [string, Buffer][] = [
      ['original', orig],
      ['byte copy', Buffer.from(orig)],
      ['re-encoded q60', await sharp(orig).jpeg({ quality: 60 }).toBuffer()],
      ['PNG re-encode', await sharp(orig).png().toBuffer()],
      ['resized 50%', await sharp(orig).resize(w / 2).jpeg({ quality: 90 }).toBuffer()],
      ['cropped 3 px', await sharp(orig).extract({ left: 3, top: 3, width: w - 6, height: h - 6 }).jpeg({ quality: 90 }).toBuffer()],
      ['brightness +30', await sharp(orig).linear(1, 30).jpeg({ quality: 90 }).toBuffer()],
      ['flipped', await sharp(orig).flop().jpeg({ quality: 90 }).toBuffer()],
    ];
    for (const [name, buf] of variants) {
      names.push(`${seed}:${name}`);
      recs.push(await rec(buf));
    }
  }
  const per = names.length / seeds.length;
  const dist = (a: number, b: number, key: 'phash' | 'phashD4') => hamming64(recs[a]![key]!, recs[b]![key]!);
  const report: string[] = [];
  for (let s = 0; s < seeds.length; s++) {
    const o = s * per;
    assert.equal(recs[o + 1]!.hash, recs[o]!.hash, 'byte copy: same content hash');
    assert.equal(recs[o + 3]!.pixelHash === recs[o]!.pixelHash, true, 'PNG of the decoded JPEG: same pixels');
    for (let k = 1; k < per; k++) {
      const flipped = names[o + k]!.endsWith('flipped');
      const d = dist(o, o + k, flipped ? 'phashD4' : 'phash');
      report.push(`${names[o + k]} ${flipped ? 'phashD4' : 'phash'} ${d}`);
      assert.ok(d <= R, `${names[o + k]}: distance ${d} > ${R}`);
    }
    assert.ok(dist(o, o + per - 1, 'phash') > 16, 'a flip changes the plain pHash');
  }
  let minDistinct = 64;
  for (let a = 0; a < seeds.length; a++)
    for (let b = a + 1; b < seeds.length; b++)
      for (const key of ['phash', 'phashD4'] as const) minDistinct = Math.min(minDistinct, dist(a * per, b * per, key));
  report.push(`closest distinct scenes: ${minDistinct}`);
  console.log(report.join('\n'));
  assert.ok(minDistinct > 2 * R, `distinct scenes ${minDistinct} bits apart`);

  // the index groups exactly each scene's copies (flips through phashD4)
  const groups = (key: 'phash' | 'phashD4') => findNearPairs(recs.map((r) => r[key]), R).every(([i, j]) => Math.floor(i / per) === Math.floor(j / per));
  assert.ok(groups('phash') && groups('phashD4'));
  const viaPlain = findNearPairs(recs.map((r) => r.phash), R);
  assert.equal(viaPlain.length, seeds.length * (((per - 1) * (per - 2)) / 2), 'every non-flipped copy pairs with every other');
  const viaD4 = findNearPairs(recs.map((r) => r.phashD4), R);
  for (let s = 0; s < seeds.length; s++) assert.ok(viaD4.some(([i, j]) => i === s * per && j === s * per + per - 1), `flip of scene ${seeds[s]} found`);
});
