/**
 * Area of the union of boxes, clipped to the unit square: the covered-area fraction of an
 * image. Exact (slab sweep) up to 128 boxes; beyond, the cell centres of a 256×256 raster.
 * Allocation-free for the usual handful of boxes (module-level scratch buffers).
 */
import type { Box } from '../model.js';

const RASTER_ABOVE = 128;
const GRID = 256;

export function unionArea(boxes: readonly Box[]): number {
  if (rbuf.length < boxes.length * 4) rbuf = new Float64Array(boxes.length * 8);
  const r = rbuf;
  let n = 0;
  for (const b of boxes) {
    const x1 = Math.max(b.x1, 0);
    const y1 = Math.max(b.y1, 0);
    const x2 = Math.min(b.x2, 1);
    const y2 = Math.min(b.y2, 1);
    if (!(x2 > x1 && y2 > y1)) continue; // also drops NaN
    r[4 * n] = x1;
    r[4 * n + 1] = y1;
    r[4 * n + 2] = x2;
    r[4 * n + 3] = y2;
    n++;
  }
  if (!n) return 0;
  if (n === 1) return (r[2]! - r[0]!) * (r[3]! - r[1]!);
  if (n > RASTER_ABOVE) return rasterArea(r, n);
  // slab sweep: between consecutive x edges, merge the y-intervals of the boxes spanning the
  // slab, visiting boxes in y1 order (sorted once)
  if (xbuf.length < 2 * n) (xbuf = new Float64Array(4 * n)), (obuf = new Int32Array(2 * n));
  const xs = xbuf;
  const ord = obuf;
  for (let j = 0; j < 2 * n; j++) {
    // insertion sort of the x edges (n is small here)
    const v = r[4 * (j >> 1) + (j & 1) * 2]!;
    let p = j;
    while (p > 0 && xs[p - 1]! > v) {
      xs[p] = xs[p - 1]!;
      p--;
    }
    xs[p] = v;
  }
  for (let j = 0; j < n; j++) {
    let p = j;
    while (p > 0 && r[4 * ord[p - 1]! + 1]! > r[4 * j + 1]!) {
      ord[p] = ord[p - 1]!;
      p--;
    }
    ord[p] = j;
  }
  let area = 0;
  for (let s = 0; s + 1 < 2 * n; s++) {
    const xa = xs[s]!;
    const xb = xs[s + 1]!;
    if (xb <= xa) continue;
    let len = 0;
    let lo = 0;
    let hi = -1;
    for (let q = 0; q < n; q++) {
      const j = ord[q]!;
      if (r[4 * j]! > xa || r[4 * j + 2]! < xb) continue;
      const a = r[4 * j + 1]!;
      const b = r[4 * j + 3]!;
      if (a > hi) {
        if (hi > lo) len += hi - lo;
        lo = a;
        hi = b;
      } else if (b > hi) hi = b;
    }
    if (hi > lo) len += hi - lo;
    area += len * (xb - xa);
  }
  return area;
}

let xbuf = new Float64Array(256);
let obuf = new Int32Array(128);
let rbuf = new Float64Array(512);

function rasterArea(r: Float64Array, n: number): number {
  const grid = new Uint8Array(GRID * GRID);
  let set = 0;
  for (let j = 0; j < n; j++) {
    // cells whose centre lies inside the box
    const c0 = Math.max(0, Math.ceil(r[4 * j]! * GRID - 0.5));
    const c1 = Math.min(GRID, Math.ceil(r[4 * j + 2]! * GRID - 0.5));
    const r0 = Math.max(0, Math.ceil(r[4 * j + 1]! * GRID - 0.5));
    const r1 = Math.min(GRID, Math.ceil(r[4 * j + 3]! * GRID - 0.5));
    for (let y = r0; y < r1; y++)
      for (let x = c0; x < c1; x++) {
        const p = y * GRID + x;
        if (!grid[p]) {
          grid[p] = 1;
          set++;
        }
      }
  }
  return set / (GRID * GRID);
}
