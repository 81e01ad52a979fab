import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { unionArea } from '../src/checks/union-area.js';
import { median, medianInPlace, quantileInPlace, quantileSorted, robustScale, robustScaleSorted, sorted } from '../src/checks/robust.js';
import type { Box } from '../src/model.js';

test('quickselect median and quantiles equal the sort-based ones', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
      const s = sorted(xs);
      const near = (got: number, want: number) => assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${got} vs ${want}`);
      near(median(xs), quantileSorted(s, 0.5));
      near(medianInPlace(Float64Array.from(xs)), quantileSorted(s, 0.5));
      near(quantileInPlace(Float64Array.from(xs), q), quantileSorted(s, q));
    }),
    { numRuns: 300 },
  );
});

test('robustScaleSorted (bisection of the two sorted deviation runs) gives the MAD of robustScale (selection), ties and point masses included', () => {
  const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }));
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 120 }), (xs) => {
      const want = robustScale(xs);
      const got = robustScaleSorted(sorted(xs));
      // numerically equal (a zero may come out as -0 on one side: same value, same z-scores)
      assert.ok(got.mad === want.mad, `mad ${got.mad} vs ${want.mad}`);
      assert.ok(got.median === want.median, `median ${got.median} vs ${want.median}`);
      assert.ok(Math.abs(got.meanAd - want.meanAd) <= 1e-9 * Math.max(1, want.meanAd));
    }),
    { numRuns: 2000 },
  );
});

test('unionArea equals cell counting for boxes on a 1/20 grid (exact and raster paths)', () => {
  const G = 20;
  const box = fc
    .tuple(fc.integer({ min: -2, max: G + 1 }), fc.integer({ min: -2, max: G + 1 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }))
    .map(([x, y, w, h]) => ({ x1: x / G, y1: y / G, x2: (x + w) / G, y2: (y + h) / G }) as Box);
  const cells = (boxes: Box[]) => {
    const on = new Set<number>();
    for (const b of boxes)
      for (let y = Math.max(0, Math.round(b.y1 * G)); y < Math.min(G, Math.round(b.y2 * G)); y++)
        for (let x = Math.max(0, Math.round(b.x1 * G)); x < Math.min(G, Math.round(b.x2 * G)); x++) on.add(y * G + x);
    return on.size / (G * G);
  };
  fc.assert(
    fc.property(fc.array(box, { maxLength: 40 }), (boxes) => {
      assert.ok(Math.abs(unionArea(boxes) - cells(boxes)) < 1e-9);
    }),
    { numRuns: 300 },
  );
  // more than 128 boxes: a 256² raster of cell centres, off by at most a raster cell per box edge
  fc.assert(
    fc.property(fc.array(box, { minLength: 129, maxLength: 200 }), (boxes) => {
      assert.ok(Math.abs(unionArea(boxes) - cells(boxes)) < 0.02);
    }),
    { numRuns: 20 },
  );
});
