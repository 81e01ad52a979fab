import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bruteForcePairs, findCrossPairs, findNearPairs } from '../src/scan/near-index.js';
import { hamming64 } from '../src/scan/phash.js';
import { flip, hashArb } from './helpers/hashes.js';


/** random hashes, plus near copies (0..12 flipped bits) of earlier ones, plus holes */
const datasetArb = fc
  .tuple(
    fc.array(hashArb, { minLength: 1, maxLength: 60 }),
    fc.array(fc.tuple(fc.nat(), fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 12 })), { maxLength: 120 }),
    fc.array(fc.nat(), { maxLength: 5 }),
  )
  .map(([base, copies, holes]) => {
    const hs: (string | undefined)[] = [...base];
    for (const [src, bits] of copies) hs.push(flip(hs[src % hs.length] ?? base[0]!, bits));
    for (const h of holes) hs[h % hs.length] = undefined;
    return hs;
  });

test('the index returns exactly the brute-force pairs (random hashes with planted near copies, radius 0..12)', () => {
  fc.assert(
    fc.property(datasetArb, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 3, max: 13 }), (hs, r, m) => {
      const expected = bruteForcePairs(hs, r);
      assert.deepEqual(findNearPairs(hs, r, { method: 'index', blocks: m }), expected);
      assert.deepEqual(findNearPairs(hs, r), expected);
    }),
    { numRuns: 300 },
  );
});

test('planted pairs at distance 0..radius are found with their distance; farther ones are not', () => {
  const rnd = fc.sample(hashArb, { numRuns: 400, seed: 7 });
  const hs: string[] = [...rnd];
  const planted: Array<[number, number, number]> = [];
  for (let d = 0; d <= 10; d++) {
    const src = d * 7;
    const bits = Array.from({ length: d }, (_, k) => (k * 13 + d) % 64);
    hs.push(flip(hs[src]!, bits));
    planted.push([src, hs.length - 1, d]);
  }
  const got = findNearPairs(hs, 8, { method: 'index' });
  for (const [i, j, d] of planted) {
    const hit = got.find((p) => p[0] === i && p[1] === j);
    if (d <= 8) assert.deepEqual(hit, [i, j, d], `planted pair at distance ${d}`);
    else assert.equal(hit, undefined, `pair at distance ${d} is outside radius 8`);
  }
  for (const [i, j, d] of got) assert.equal(hamming64(hs[i]!, hs[j]!), d);
  assert.deepEqual(got, bruteForcePairs(hs, 8));
});

test('a large cluster of identical hashes is searched once and expanded to all its pairs', () => {
  const a = '0123456789abcdef';
  const b = flip(a, [0, 40]); // distance 2 from a
  const hs: (string | undefined)[] = [...Array<string>(300).fill(a), undefined, b, b, 'fedcba9876543210'];
  const got = findNearPairs(hs, 2, { method: 'index', blocks: 3 });
  // C(300,2) within the cluster + 300·2 to the b's + 1 between the b's
  assert.equal(got.length, (300 * 299) / 2 + 600 + 1);
  assert.deepEqual(got, bruteForcePairs(hs, 2));
  assert.deepEqual(got[0], [0, 1, 0]);
  assert.deepEqual(got.at(-1), [301, 302, 0]);
  assert.deepEqual(got.find((p) => p[1] === 301 && p[0] === 0), [0, 301, 2]);
});

test('edge cases: empty input, all undefined, malformed hashes, negative and full radius', () => {
  assert.deepEqual(findNearPairs([], 8), []);
  assert.deepEqual(findNearPairs([undefined, undefined], 8), []);
  assert.deepEqual(findNearPairs(['0000000000000000'], 8), []);
  // malformed entries are skipped like undefined ones
  assert.deepEqual(findNearPairs(['0000000000000000', 'xyz', '0000000000000001', '00000000000000000'], 1), [[0, 2, 1]]);
  assert.deepEqual(findNearPairs(['0000000000000000', '0000000000000000'], -1), []);
  // upper-case hex is the same hash
  assert.deepEqual(findNearPairs(['ABCDEF0123456789', 'abcdef0123456789'], 0), [[0, 1, 0]]);
  // radius 64 pairs everything
  assert.deepEqual(findNearPairs(['0000000000000000', 'ffffffffffffffff', '00000000ffffffff'], 64), [
    [0, 1, 64],
    [0, 2, 32],
    [1, 2, 32],
  ]);
  // radius 0: only equal hashes
  assert.deepEqual(findNearPairs(['0000000000000001', '0000000000000000', '0000000000000001'], 0), [[0, 2, 0]]);
});

test('the cross search (queries against targets) returns exactly the brute-force cross pairs', () => {
  const crossBrute = (q: (string | undefined)[], t: (string | undefined)[], r: number) => {
    const out: [number, number, number][] = [];
    q.forEach((a, i) =>
      t.forEach((b, j) => {
        if (a === undefined || b === undefined) return;
        const d = hamming64(a, b);
        if (d <= r) out.push([i, j, d]);
      }),
    );
    return out;
  };
  fc.assert(
    fc.property(datasetArb, datasetArb, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 3, max: 13 }), (q, t0, r, m) => {
      // targets share some hashes and near copies with the queries
      const t = [...t0, ...q.filter((_, i) => i % 3 === 0).map((h) => (h ? flip(h, [r % 64]) : undefined))];
      const expected = crossBrute(q, t, r);
      assert.deepEqual(findCrossPairs(q, t, r, { method: 'index', blocks: m }), expected);
      assert.deepEqual(findCrossPairs(q, t, r), expected);
    }),
    { numRuns: 300 },
  );
});
