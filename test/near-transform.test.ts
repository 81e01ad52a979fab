import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { transformHash, transformParts } from '../src/scan/hash-transform.js';
import { findCrossPairs, type HashParts } from '../src/scan/near-index.js';
import type { PairMemo, PairMemoStore } from '../src/scan/near-memo.js';
import { findTransformPairs } from '../src/scan/near-transform.js';
import { decodeMemo, encodeMemo } from '../src/scan/memo-file.js';
import { flip, hashArb } from './helpers/hashes.js';

const parts = (hs: (string | undefined)[]): HashParts => {
  const out: HashParts = { hi: new Uint32Array(hs.length), lo: new Uint32Array(hs.length), ok: new Uint8Array(hs.length) };
  hs.forEach((h, i) => {
    if (!h) return;
    out.hi[i] = parseInt(h.slice(0, 8), 16);
    out.lo[i] = parseInt(h.slice(8), 16);
    out.ok[i] = 1;
  });
  return out;
};

/** What duplicates.ts searched before: every hash against the n·|T| transformed hashes. */
function reference(h: HashParts, transforms: readonly number[], r: number) {
  const n = h.ok.length;
  const m = transforms.length * n;
  const t: HashParts = { hi: new Uint32Array(m), lo: new Uint32Array(m), ok: new Uint8Array(m) };
  transforms.forEach((tr, k) => {
    for (let j = 0; j < n; j++) {
      if (!h.ok[j]) continue;
      [t.hi[k * n + j], t.lo[k * n + j]] = transformParts(h.hi[j]!, h.lo[j]!, tr);
      t.ok[k * n + j] = 1;
    }
  });
  return findCrossPairs(h, t, r, { method: 'brute' });
}

/** a previous and a current hash list: rotated/mirrored near copies, some kept, some new, some holes */
const versionsArb = fc
  .tuple(
    fc.array(hashArb, { minLength: 1, maxLength: 40 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 }), fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 8 })), { maxLength: 40 }),
    fc.array(fc.boolean(), { maxLength: 90 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 }), fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 8 })), { maxLength: 10 }),
    fc.array(fc.nat(), { maxLength: 4 }),
  )
  .map(([base, copies, keep, added, holes]) => {
    const prev: (string | undefined)[] = [...base];
    for (const [src, t, bits] of copies) prev.push(flip(transformHash(prev[src % prev.length]!, t), bits));
    const cur: (string | undefined)[] = prev.filter((_, i) => keep[i] ?? true).reverse();
    for (const [src, t, bits] of added) cur.push(flip(transformHash(prev[src % prev.length]!, t), bits));
    for (const h of holes) if (cur.length) cur[h % cur.length] = undefined;
    return { prev, cur };
  });

const transformsArb = fc.constantFrom([1, 2, 3, 4, 5, 6, 7], [2], [4, 6]);

function memoryStore(): PairMemoStore & { saved: Map<string, PairMemo> } {
  const saved = new Map<string, PairMemo>();
  // through the file encoding, as between two runs
  return { saved, load: (n) => saved.get(n), save: (n, m) => void saved.set(n, decodeMemo(encodeMemo(m))!) };
}

test('transform pairs: the inverse-transform probe finds exactly what indexing the transformed hashes finds', () => {
  fc.assert(
    fc.property(versionsArb, transformsArb, fc.integer({ min: 0, max: 12 }), ({ cur }, ts, r) => {
      const h = parts(cur);
      assert.deepEqual(findTransformPairs(h, ts, r), reference(h, ts, r));
    }),
    { numRuns: 300 },
  );
});

test('transform pairs with the memo of a previous version: exactly the full search, and the memo left is that of the current one', () => {
  let incremental = 0;
  fc.assert(
    fc.property(versionsArb, transformsArb, fc.integer({ min: 0, max: 12 }), ({ prev, cur }, ts, r) => {
      const store = memoryStore();
      findTransformPairs(parts(prev), ts, r, store, 't');
      const before = store.saved.get('t')!;
      const h = parts(cur);
      const want = reference(h, ts, r);
      assert.deepEqual(findTransformPairs(h, ts, r, store, 't'), want);
      if (before.a.length) incremental++;
      assert.deepEqual(findTransformPairs(h, ts, r, store, 't'), want);
    }),
    { numRuns: 300 },
  );
  assert.ok(incremental > 50, `memos with pairs in them were exercised (${incremental})`);
});

test('a transform memo with a pair that is not one (or another radius) does not add it', () => {
  const a = 'f0f0f0f0f0f0f0f0';
  const b = transformHash(a, 2); // b = mirror(a): a pair under transform 2
  const c = flip('0123456789abcdef', [1, 2, 3]);
  const h = parts([a, b, c]);
  const store = memoryStore();
  const want = reference(h, [2], 4);
  findTransformPairs(h, [2], 4, store, 't');
  const memo = store.saved.get('t')!;
  // a forged pair (value 0, value 2): recomputed and dropped
  store.saved.set('t', { ...memo, a: Uint32Array.of(...memo.a, 0), b: Uint32Array.of(...memo.b, 2), d: Uint8Array.of(...memo.d, 0) });
  assert.deepEqual(findTransformPairs(h, [2], 4, store, 't'), want);
  store.saved.set('t', { ...store.saved.get('t')!, r: 3 });
  assert.deepEqual(findTransformPairs(h, [2], 4, store, 't'), want);
  assert.ok(want.length > 0);
});
