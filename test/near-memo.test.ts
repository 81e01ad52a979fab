import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { bruteForcePairs } from '../src/scan/near-index.js';
import { findNearPairsMemo, type PairMemo, type PairMemoStore } from '../src/scan/near-memo.js';
import { decodeMemo, encodeMemo, memoFiles } from '../src/scan/memo-file.js';
import { flip, hashArb, hex } from './helpers/hashes.js';


/** a "previous" list and a "current" one made from it: some kept (reordered), some dropped, some new near copies */
const versionsArb = fc
  .tuple(
    fc.array(hashArb, { minLength: 1, maxLength: 50 }),
    fc.array(fc.tuple(fc.nat(), fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 10 })), { maxLength: 80 }),
    fc.array(fc.boolean(), { maxLength: 130 }),
    fc.array(fc.tuple(fc.nat(), fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 10 })), { maxLength: 12 }),
    fc.array(fc.nat(), { maxLength: 4 }),
  )
  .map(([base, copies, keep, added, holes]) => {
    const prev: (string | undefined)[] = [...base];
    for (const [src, bits] of copies) prev.push(flip(prev[src % prev.length]!, bits));
    const cur: (string | undefined)[] = prev.filter((_, i) => keep[i] ?? true).reverse();
    for (const [src, bits] of added) cur.push(flip(prev[src % prev.length]!, bits));
    for (const h of holes) if (cur.length) cur[h % cur.length] = undefined;
    return { prev, cur };
  });

function memoryStore(): PairMemoStore & { saved: Map<string, PairMemo> } {
  const saved = new Map<string, PairMemo>();
  return { saved, load: (n) => saved.get(n), save: (n, m) => void saved.set(n, m) };
}

test('incremental self search: with the memo of a previous version, exactly the brute-force pairs', () => {
  fc.assert(
    fc.property(versionsArb, fc.integer({ min: 0, max: 12 }), ({ prev, cur }, r) => {
      const store = memoryStore();
      assert.deepEqual(findNearPairsMemo(prev, r, store, 's'), bruteForcePairs(prev, r));
      assert.deepEqual(findNearPairsMemo(cur, r, store, 's'), bruteForcePairs(cur, r));
      // and the memo it left is that of `cur`: a second run on it gives the same answer
      assert.deepEqual(findNearPairsMemo(cur, r, store, 's'), bruteForcePairs(cur, r));
    }),
    { numRuns: 300 },
  );
});

test('a memo from another radius is not used; a wrong pair in a memo is dropped', () => {
  const hs = ['0000000000000000', '0000000000000003', 'ffffffffffffffff', 'fffffffffffffff0'];
  const store = memoryStore();
  findNearPairsMemo(hs, 1, store, 's');
  assert.deepEqual(findNearPairsMemo(hs, 4, store, 's'), bruteForcePairs(hs, 4));
  const m = store.saved.get('s')!;
  // plant a false pair (values 0 and 2 are 64 bits apart)
  store.saved.set('s', { ...m, a: Uint32Array.from([...m.a, 0]), b: Uint32Array.from([...m.b, 2]), d: Uint8Array.from([...m.d, 1]) });
  assert.deepEqual(findNearPairsMemo(hs, 4, store, 's'), bruteForcePairs(hs, 4));
  // the increment is what runs: a true pair of two old values missing from the memo stays missing,
  // while a new value is searched against everything
  const kept = store.saved.get('s')!;
  store.saved.set('s', { ...kept, a: kept.a.slice(1), b: kept.b.slice(1), d: kept.d.slice(1) });
  const more = [...hs, '0000000000000001'];
  const got = findNearPairsMemo(more, 4, store, 's');
  const all = bruteForcePairs(more, 4);
  assert.equal(got.length, all.length - 1);
  assert.ok(got.some(([, j]) => j === 4));
});

test('memo files: round trip; truncated, unsorted or out-of-range files are a miss', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dqc-memo-'));
  try {
    // a retired memo (the old rotated/mirrored search's) left by an earlier version
    mkdirSync(path.join(dir, 'pairs'));
    writeFileSync(path.join(dir, 'pairs', 'phash-x1234567.bin'), 'old');
    const files = memoFiles(dir);
    assert.equal(files.load('none'), undefined);
    const base = Array.from({ length: 20 }, (_, i) => hex(i * 2654435761, i * 40503));
    const hs = [...base, ...base.map((h, i) => flip(h, [i % 64, (i * 7) % 64]))];
    findNearPairsMemo(hs, 8, files, 'phash');
    const m = files.load('phash')!;
    assert.ok(m && m.qHi.length >= 35 && m.a.length >= 19, `${m?.qHi.length} values, ${m?.a.length} pairs`);
    assert.deepEqual(readdirSync(path.join(dir, 'pairs')), ['phash.bin'], 'the retired memo is gone once a memo is saved');
    const buf = encodeMemo(m);
    assert.deepEqual(decodeMemo(buf), m);
    assert.equal(decodeMemo(buf.subarray(0, buf.length - 1)), undefined);
    const outOfRange = Buffer.from(buf);
    outOfRange.writeUInt32LE(999, buf.length - m.a.length * 9); // first `a` index
    assert.equal(decodeMemo(outOfRange), undefined);
    const unsorted = Buffer.from(buf);
    unsorted.writeUInt32LE(0xffffffff, 24); // first qHi value above the next ones
    assert.equal(decodeMemo(unsorted), undefined);
    writeFileSync(path.join(dir, 'pairs', 'phash.bin'), 'junk');
    assert.equal(files.load('phash'), undefined);
    // a miss searches in full and leaves a good memo again
    assert.deepEqual(findNearPairsMemo(hs, 8, files, 'phash'), bruteForcePairs(hs, 8));
    assert.ok(files.load('phash'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
