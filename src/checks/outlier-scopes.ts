/**
 * The values of every outlier scope (outliers.ts) in ascending order, with their images, for one
 * metric at a time. The dataset scope is sorted once; each class scope is taken from it in order
 * (a subsequence of a sorted sequence is sorted), so 1 + classes sorts become one, and a scope's
 * outliers are read off its two ends.
 *
 * The sort packs each value with its image into one float64 key and lets the typed-array sort
 * (native code) order them: a float32 value (every statistic the record table holds) as its
 * order-preserving 32 bits, times 2^21, plus the image index. A float64 value (bytes per pixel, a
 * record kept whole) or 2^21 images and more take a comparison sort instead.
 */

const ID_SPAN = 2 ** 21;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 bits in an order that sorts like the values (negatives flipped, positives offset) */
function orderBits(v: number): number {
  f32[0] = v;
  const u = u32[0]!;
  return u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
}

export class ScopeSorter {
  private readonly usable: readonly number[];
  /** class scopes of each image (CSR over the images) */
  private readonly memStart: Int32Array;
  private readonly memList: Int32Array;
  /** where each scope's values start in vals/ids */
  private readonly off: Int32Array;
  private readonly lens: Int32Array;
  private readonly vals: Float64Array;
  private readonly ids: Int32Array;
  private readonly keys: Float64Array;
  private readonly order: Int32Array;

  /** `classScopes`: the usable images of each class scope (scope k + 1) */
  constructor(n: number, usable: readonly number[], classScopes: readonly (readonly number[])[]) {
    this.usable = usable;
    const S = classScopes.length + 1;
    const count = new Int32Array(n + 1);
    for (const images of classScopes) for (const i of images) count[i + 1]!++;
    for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
    this.memStart = count.slice();
    this.memList = new Int32Array(count[n]!);
    classScopes.forEach((images, k) => {
      for (const i of images) this.memList[count[i]!++] = k + 1;
    });
    this.off = new Int32Array(S + 1);
    this.off[1] = usable.length;
    classScopes.forEach((images, k) => (this.off[k + 2] = this.off[k + 1]! + images.length));
    this.lens = new Int32Array(S);
    this.vals = new Float64Array(this.off[S]!);
    this.ids = new Int32Array(this.off[S]!);
    this.keys = new Float64Array(usable.length);
    this.order = new Int32Array(usable.length);
  }

  /** Sort every scope by `column` (image → value, NaN when none; only finite values count). */
  sort(column: Float64Array): void {
    const { vals, ids, keys, order, lens, off, memStart, memList } = this;
    let m = 0;
    let packed = column.length <= ID_SPAN;
    for (const i of this.usable) {
      const v = column[i]!;
      if (!Number.isFinite(v)) continue;
      if (packed && Math.fround(v) !== v) packed = false;
      order[m++] = i;
    }
    if (packed) {
      for (let k = 0; k < m; k++) {
        const i = order[k]!;
        keys[k] = orderBits(column[i]!) * ID_SPAN + i;
      }
      keys.subarray(0, m).sort();
      for (let k = 0; k < m; k++) order[k] = keys[k]! % ID_SPAN;
    } else {
      const list = Array.from(order.subarray(0, m)).sort((a, b) => column[a]! - column[b]! || a - b);
      order.set(list);
    }
    lens.fill(0);
    lens[0] = m;
    for (let k = 0; k < m; k++) {
      const i = order[k]!;
      const v = column[i]!;
      vals[k] = v;
      ids[k] = i;
      for (let p = memStart[i]!; p < memStart[i + 1]!; p++) {
        const c = memList[p]!;
        const o = off[c]! + lens[c]!++;
        vals[o] = v;
        ids[o] = i;
      }
    }
  }

  /** scope s's values, ascending (a view: valid until the next sort) */
  values(s: number): Float64Array {
    return this.vals.subarray(this.off[s]!, this.off[s]! + this.lens[s]!);
  }

  /** the image of each of values(s) */
  images(s: number): Int32Array {
    return this.ids.subarray(this.off[s]!, this.off[s]! + this.lens[s]!);
  }
}
