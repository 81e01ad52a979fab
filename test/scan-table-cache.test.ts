/**
 * The record table kept next to the record store (table-cache.ts): the next scan takes rows from
 * it by content hash (no store lookup, no decode), never a row that came from a read failure, and
 * a damaged or foreign file is ignored. The decode thread started ahead (lanes.ts) is taken by
 * the next thread pool.
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import v8 from 'node:v8';
import sharp from 'sharp';
import { contentHash } from '../src/scan/decode.js';
import { spareTaken } from '../src/scan/lanes.js';
import { prestartDecoders } from '../src/scan/pool.js';
import { scanImages, type ScanItem } from '../src/scan/scan.js';
import { resolveSettings } from '../src/scan/settings.js';
import { loadTable } from '../src/scan/table-cache.js';
import { tempDir } from './helpers/tmp.js';

async function images(n: number): Promise<Buffer[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 20 * i, g: 200 - 15 * i, b: 90 } } }).png().toBuffer()));
}

const storeDirOf = (cacheDir: string) => {
  const root = path.join(cacheDir, 'records');
  return path.join(root, readdirSync(root)[0]!);
};

test('table cache: a rerun takes every row from the last table, even with the store gone', async () => {
  const bufs = await images(5);
  const items = (): ScanItem[] => bufs.map((b, i) => ({ path: `img${i}.png`, hash: contentHash(b), load: async () => b }));
  const cacheDir = tempDir('dqc-table-');
  const cold = await scanImages(items(), { cacheDir, concurrency: 1 });
  assert.equal(cold.scan.decoded, 5);
  const dir = storeDirOf(cacheDir);
  assert.ok(readdirSync(dir).includes('table.bin'));
  for (const f of readdirSync(dir)) if (f.endsWith('.dqc')) rmSync(path.join(dir, f));
  // the order changes: rows are found by content hash, not by slot
  const warm = await scanImages(items().reverse(), { cacheDir, concurrency: 1 });
  assert.deepEqual(warm.scan, { images: 5, decoded: 0, fromCache: 5 });
  for (let i = 0; i < 5; i++) assert.deepEqual(warm.records.get(4 - i), cold.records.get(i));
  assert.equal(warm.filesRead, 0);
});

test('table cache: a row from a read failure is not offered; a damaged or foreign file is ignored', async () => {
  const [a, b] = await images(2);
  const cacheDir = tempDir('dqc-table-');
  const failing: ScanItem[] = [
    { path: 'a.png', hash: contentHash(a!), load: async () => a! },
    { path: 'b.png', hash: contentHash(b!), load: async () => Promise.reject(new Error('disk gone')) },
  ];
  const first = await scanImages(failing, { cacheDir, concurrency: 1 });
  assert.match(first.records.get(1)?.error?.message ?? '', /could not be read/);
  const known = loadTable(storeDirOf(cacheDir));
  assert.equal(known?.slotOf(contentHash(a!)), 0);
  assert.equal(known?.slotOf(contentHash(b!)), undefined, 'the failed read is not a record of its content');
  const again = await scanImages([failing[0]!, { path: 'b.png', hash: contentHash(b!), load: async () => b! }], { cacheDir, concurrency: 1 });
  assert.equal(again.scan.decoded, 1);
  assert.equal(again.records.get(1)?.error, undefined);

  const dir = storeDirOf(cacheDir);
  writeFileSync(path.join(dir, 'table.bin'), 'garbage');
  assert.equal(loadTable(dir), undefined);
  writeFileSync(path.join(dir, 'table.bin'), v8.serialize({ v: 1, table: { length: 2, mask: new Uint32Array(2) }, content: new Uint8Array(2) }));
  assert.equal(loadTable(dir), undefined);
  const third = await scanImages(failing.slice(0, 1), { cacheDir, concurrency: 1 });
  assert.equal(third.records.get(0)?.error, undefined);
  assert.equal(third.scan.fromCache, 1, 'served by the store');
});

test('a decode thread started ahead is taken by the next thread pool', async (t) => {
  if (os.availableParallelism() < 2) return t.skip('one core: no decode thread is started ahead');
  const bufs = await images(3);
  const before = spareTaken.count;
  prestartDecoders(resolveSettings());
  const res = await scanImages(
    bufs.map((b, i) => ({ path: `p${i}.png`, bytes: b })),
    { poolMode: 'thread', workers: 1, concurrency: 2 },
  );
  assert.equal(spareTaken.count, before + 1);
  assert.equal(res.scan.decoded, 3);
  assert.ok([0, 1, 2].every((i) => res.records.get(i)?.phash));
});

test('a few decodes go to a decode thread started ahead, not inline (it loaded sharp meanwhile)', async (t) => {
  if (os.availableParallelism() < 2) return t.skip('one core: no decode thread is started ahead');
  const bufs = await images(2);
  const before = spareTaken.count;
  // no spare: two decodes run inline
  const inline = await scanImages(bufs.map((b, i) => ({ path: `q${i}.png`, bytes: b })), {});
  assert.equal(spareTaken.count, before);
  prestartDecoders(resolveSettings());
  const res = await scanImages(bufs.map((b, i) => ({ path: `q${i}.png`, bytes: b })), {});
  assert.equal(spareTaken.count, before + 1);
  assert.deepEqual(res.records.toArray(), inline.records.toArray());
});
