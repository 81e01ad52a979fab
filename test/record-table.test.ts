/**
 * RecordTable keeps records column by column; every record it is given comes back deep-equal
 * (statistics and quality scores rounded to float32), including absent optional fields, NaN
 * statistics, 1/3/4 channels, errors, fields it does not know (kept whole), hashes of mixed
 * widths and overwritten slots; the column accessors agree with the records.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HexColumn } from '../src/scan/hex-column.js';
import { RecordTable } from '../src/scan/record-table.js';
import type { ImageRecord } from '../src/scan/types.js';

const stats = (ch: number, x: number) => ({
  mean: x, std: 0.2, var: 0.04, skew: NaN, kurtosis: 3, entropy: 5.5, zeros: 0, brightness: 0.3, darkness: 0.7, contrast: 0.25, sharpness: 12.5,
  channelMean: Array.from({ length: ch }, (_, c) => x + c / 10), channelStd: Array.from({ length: ch }, (_, c) => 0.1 + c / 100),
});
const quality = { dark: 0.9, light: 0.8, lowInformation: 0.7, blurry: 0.6, oddAspectRatio: 0.75, grayscale: true };

const samples: (ImageRecord | undefined)[] = [
  { v: 7, hash: 'a'.repeat(40), bytes: 1234, width: 640, height: 480, channels: 3, format: 'jpeg', bitDepth: 8, hasAlpha: false, space: 'srgb', palette: false, pixelHash: 'f'.repeat(32), phash: '0123456789abcdef', phashD4: 'ffffffff00000000', dhash: '8000000000000001', dhashD4: '0000000000000000', lowVariance: false, stats: stats(3, 0.5), quality },
  { v: 7, hash: 'b'.repeat(40), bytes: 5, width: 10, height: 20, channels: 1, orientation: 6, lowVariance: true, stats: stats(1, 0.1), quality: { ...quality, grayscale: false } },
  { v: 7, hash: 'c'.repeat(40), bytes: 9, channels: 4, hasAlpha: true, stats: stats(4, 0.9) },
  undefined,
  { v: 7, hash: '', bytes: 0, error: { kind: 'corrupt', message: 'the file could not be read' } },
  { v: 7, hash: 'd'.repeat(64), bytes: 3, phash: 'ABCDEF0123456789' }, // upper-case hex: kept whole
  { v: 7, hash: 'e'.repeat(40), bytes: 3, width: 1.5 }, // not an integer size: kept whole
  { v: 7, hash: 'f'.repeat(40), bytes: 3, future: { x: 1 } } as ImageRecord, // a field this version does not know
  { hash: '1'.repeat(40), bytes: 0 } as ImageRecord, // no version
];

/** what the table gives back: pixel statistics and quality scores as float32 */
function stored(r: ImageRecord | undefined): ImageRecord | undefined {
  if (!r || r.error || 'future' in r || r.width === 1.5 || r.phash === 'ABCDEF0123456789') return r;
  const f = Math.fround;
  const out: ImageRecord = { ...r };
  if (r.stats) out.stats = Object.fromEntries(Object.entries(r.stats).map(([k, v]) => [k, Array.isArray(v) ? v.map(f) : f(v as number)])) as unknown as ImageRecord['stats'];
  if (r.quality) out.quality = Object.fromEntries(Object.entries(r.quality).map(([k, v]) => [k, typeof v === 'number' ? f(v) : v])) as unknown as ImageRecord['quality'];
  return out;
}

test('RecordTable: every record comes back deep-equal, and the accessors agree with it', () => {
  const t = RecordTable.from(samples);
  assert.equal(t.length, samples.length);
  samples.forEach((r, i) => assert.deepEqual(t.get(i), stored(r), `slot ${i}`));
  assert.deepEqual(t.toArray(), samples.map(stored));
  assert.notEqual(stored(samples[0])!.stats!.mean, undefined);
  assert.deepEqual(t.errors().map(([i]) => i), [4]);
  assert.deepEqual(samples.map((_, i) => t.usable(i)), [true, true, true, false, false, true, true, true, true]);
  assert.deepEqual(samples.map((_, i) => t.hasStats(i)), [true, true, true, false, false, false, false, false, false]);
  assert.equal(t.stat('mean', 1), Math.fround(0.1));
  assert.ok(Number.isNaN(t.stat('skew', 0)));
  assert.ok(Number.isNaN(t.stat('mean', 3)));
  assert.equal(t.channel('mean', 2, 0), Math.fround(0.5 + 0.2));
  assert.ok(Number.isNaN(t.channel('mean', 0, 1)), 'a 1-channel record has no colour channel means');
  assert.equal(t.channel('std', 3, 2, 4), Math.fround(0.13));
  assert.equal(t.bytesPerPixel(0, 'jpeg'), 1234 / (640 * 480));
  assert.ok(Number.isNaN(t.bytesPerPixel(1, 'jpeg')));
  assert.equal(t.int('height', 1), 20);
  assert.equal(t.int('orientation', 0), undefined);
  assert.equal(t.pixelHash(0), 'f'.repeat(32));
  assert.equal(t.pixelHash(1), undefined);
  assert.equal(t.hash(5), 'd'.repeat(64));
  assert.ok(t.lowVariance(1) && !t.lowVariance(0));
  const h = { hi: 0, lo: 0 };
  assert.ok(t.hashParts('phashD4', 0, h));
  assert.deepEqual(h, { hi: 0xffffffff, lo: 0 });
  assert.ok(t.hashParts('phash', 5, h), 'a whole record still yields its hash');
  assert.deepEqual(h, { hi: 0xabcdef01, lo: 0x23456789 });
  assert.ok(!t.hashParts('dhash', 1, h));
  assert.deepEqual(t.quality(1), stored(samples[1])!.quality);
  const noPixels = new Set(['hash', 'stats', 'quality', 'pixelHash', 'phash', 'phashD4', 'dhash', 'dhashD4']);
  assert.deepEqual(t.meta(0), Object.fromEntries(Object.entries(samples[0]!).filter(([k]) => !noPixels.has(k))));
});

test('RecordTable: overwriting a slot leaves nothing of the old record behind', () => {
  const t = RecordTable.from(samples);
  t.set(0, samples[2]); // 3 channels with quality → 4 channels without
  assert.deepEqual(t.get(0), stored(samples[2]));
  assert.equal(t.quality(0), undefined);
  t.set(2, samples[4]); // columns → whole
  assert.deepEqual(t.get(2), samples[4]);
  assert.ok(!t.usable(2));
  t.set(4, samples[1]); // whole → columns
  assert.deepEqual(t.get(4), stored(samples[1]));
  assert.deepEqual(t.errors().map(([i]) => i), [2]);
  t.set(1, undefined);
  assert.equal(t.get(1), undefined);
  assert.ok(!t.has(1));
});

test('HexColumn: hex of the first width as bytes, anything else kept as given', () => {
  const c = new HexColumn(6);
  const vals = ['0a'.repeat(20), 'ff'.repeat(32), '', 'AB'.repeat(20), 'not hex', undefined];
  vals.forEach((v, i) => c.set(i, v));
  vals.forEach((v, i) => assert.equal(c.get(i), v, `slot ${i}`));
  c.set(1, '12'.repeat(20));
  assert.equal(c.get(1), '12'.repeat(20));
  c.set(0, undefined);
  assert.equal(c.get(0), undefined);
});

test('RecordTable.copy: slot by slot into another table (other word codes, overwritten slots) equals get/set', () => {
  const src = RecordTable.from(samples);
  const dst = new RecordTable(samples.length + 1);
  dst.set(0, { v: 7, hash: '9'.repeat(40), bytes: 1, format: 'png', space: 'b-w' }); // other codes first
  samples.forEach((_, j) => dst.set(j + 1, samples[(j + 3) % samples.length])); // something to overwrite
  samples.forEach((_, j) => dst.copy(samples.length - j, src, j));
  samples.forEach((r, j) => assert.deepEqual(dst.get(samples.length - j), stored(r), `slot ${j}`));
  assert.equal(dst.get(0)!.format, 'png');
});

test('RecordTable.copyRun: runs of rows (columns and whole records mixed, fresh and overwritten slots) equal copy() row by row', () => {
  // a source whose rows are the samples three times over: runs cross records kept whole and empty slots
  const rows = [...samples, ...samples, ...samples].map((r, k) => (r && r.hash.length === 40 && !r.error ? { ...r, hash: (k % 10).toString().repeat(40) } : r));
  const src = RecordTable.from(rows);
  for (const [at, from, len] of [
    [0, 0, rows.length],
    [3, 5, 12],
    [1, 0, 1],
    [7, 20, rows.length - 20],
  ] as const) {
    const want = new RecordTable(rows.length + 8);
    const got = new RecordTable(rows.length + 8);
    for (const t of [want, got]) {
      t.set(0, { v: 7, hash: '9'.repeat(40), bytes: 1, format: 'png', space: 'b-w' }); // other word codes first
      for (let k = 1; k < t.length; k += 3) t.set(k, samples[k % samples.length]); // something to overwrite
    }
    for (let k = 0; k < len; k++) want.copy(at + k, src, from + k);
    got.copyRun(at, src, from, len);
    for (let k = 0; k < got.length; k++) assert.deepEqual(got.get(k), want.get(k), `run ${at}/${from}/${len}, slot ${k}`);
    for (let k = 0; k < len; k++) assert.deepEqual(got.get(at + k), stored(rows[from + k]), `row ${from + k}`);
  }
});
