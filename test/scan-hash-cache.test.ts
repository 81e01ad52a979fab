/**
 * The stat cache of content hashes for files outside git: a warm rerun on a plain folder takes
 * hashes from it; any write to a file (even one that keeps its size and mtime) is noticed.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { contentHash } from '../src/scan/decode.js';
import { openHashCache } from '../src/scan/hash-cache.js';
import { scanImages } from '../src/scan/scan.js';
import { tempDir } from './helpers/tmp.js';

const later = () => BigInt(Date.now() + 60_000);

test('hash cache: remembered across opens; a same-size rewrite with the old mtime restored is a miss', () => {
  const dir = tempDir('dqc-hc-');
  const f = path.join(dir, 'a.bin');
  writeFileSync(f, 'first bytes');
  const c1 = openHashCache(path.join(dir, 'cache'), later);
  const { hash, stat } = c1.lookup(f);
  assert.equal(hash, undefined);
  c1.remember(f, stat!, contentHash(readFileSync(f)));
  c1.save();
  const c2 = openHashCache(path.join(dir, 'cache'), later);
  assert.equal(c2.lookup(f).hash, contentHash(Buffer.from('first bytes')));
  // same length, mtime put back: ctime still moves, so the stat key changes
  const old = statSync(f);
  writeFileSync(f, 'other bytes');
  utimesSync(f, old.atime, old.mtime);
  assert.equal(c2.lookup(f).hash, undefined);
  assert.equal(c2.lookup(path.join(dir, 'missing.bin')).stat, undefined);
});

test('hash cache: a file written just now is not remembered (racy timestamps)', () => {
  const dir = tempDir('dqc-hc-');
  const f = path.join(dir, 'a.bin');
  writeFileSync(f, 'x');
  const c = openHashCache(path.join(dir, 'cache')); // real clock: the file is < 2 s old
  c.remember(f, c.lookup(f).stat!, contentHash(Buffer.from('x')));
  c.save();
  assert.equal(openHashCache(path.join(dir, 'cache'), later).lookup(f).hash, undefined);
});

test('scan with a record store: a rerun serves plain files from the stat cache; an edited file is decoded again', async () => {
  const dir = tempDir('dqc-hc-scan-');
  const files = await Promise.all(
    [10, 120, 230].map(async (v, i) => {
      const p = path.join(dir, `img${i}.png`);
      writeFileSync(p, await sharp({ create: { width: 24, height: 16, channels: 3, background: { r: v, g: 50, b: 90 } } }).png().toBuffer());
      // old enough to be trusted
      utimesSync(p, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
      return p;
    }),
  );
  const items = () => files.map((f) => ({ path: path.basename(f), absPath: f }));
  const cacheDir = path.join(dir, 'cache');
  const cold = await scanImages(items(), { cacheDir, concurrency: 1 });
  assert.deepEqual(cold.scan, { images: 3, decoded: 3, fromCache: 0 });
  // ctime is "now" right after writing, so the first run does not trust the stats yet: wait it out
  await new Promise((r) => setTimeout(r, 2100));
  const second = await scanImages(items(), { cacheDir, concurrency: 1 });
  assert.deepEqual([second.scan.fromCache, second.filesRead], [3, 3]); // hashed from the bytes
  const cached = readFileSync(path.join(cacheDir, 'hashes-v1.tsv'), 'utf8').trim().split('\n');
  assert.equal(cached.length, 3);
  assert.deepEqual(cached.map((l) => l.split('\t')[6]).sort(), cold.records.toArray().map((r) => r!.hash).sort());

  const edited = await sharp({ create: { width: 24, height: 16, channels: 3, background: { r: 250, g: 0, b: 0 } } }).png().toBuffer();
  writeFileSync(files[1]!, edited);
  const warm = await scanImages(items(), { cacheDir, concurrency: 1 });
  assert.deepEqual(warm.scan, { images: 3, decoded: 1, fromCache: 2 });
  assert.equal(warm.filesRead, 1); // only the edited file: the two others by their stat
  assert.equal(warm.records.get(1)!.hash, contentHash(edited));
  assert.equal(warm.records.get(0)!.hash, cold.records.get(0)!.hash);
});
