/**
 * The storage of the record table (record-table.ts): one typed column per field (record-layout.ts),
 * the rows that do not fit kept whole, and copies of rows between tables column by column (no
 * record object built), one typed-array copy per column for a run of rows.
 */
import { HexColumn } from './hex-column.js';
import { HASHES, INTS, MAX_CH, QUALITY_KEYS, STAT_KEYS, type Ctor } from './record-layout.js';
import type { ImageRecord } from './types.js';

export abstract class RecordColumns {
  readonly length: number;
  protected readonly mask: Uint32Array;
  protected readonly ints: Int32Array[];
  protected readonly bytesCol: Float64Array;
  protected readonly hashCol: HexColumn;
  protected readonly pixelCol: HexColumn;
  /** format and colour space as indices into `words` */
  protected readonly formatCol: Uint8Array;
  protected readonly spaceCol: Uint8Array;
  protected readonly words: string[] = [];
  protected readonly hi: Uint32Array[];
  protected readonly lo: Uint32Array[];
  protected readonly statCols: Float32Array[];
  protected readonly chCount: Uint8Array;
  protected readonly chMean: Float32Array;
  protected readonly chStd: Float32Array;
  protected readonly qualityCols: Float32Array[];
  /** slot → 0 empty, 1 in the columns, 2 in `whole` */
  protected readonly state: Uint8Array;
  protected readonly whole = new Map<number, ImageRecord>();

  constructor(length: number) {
    this.length = length;
    this.mask = new Uint32Array(length);
    this.ints = INTS.map(() => new Int32Array(length));
    this.bytesCol = new Float64Array(length);
    this.hashCol = new HexColumn(length);
    this.pixelCol = new HexColumn(length);
    this.formatCol = new Uint8Array(length);
    this.spaceCol = new Uint8Array(length);
    this.hi = HASHES.map(() => new Uint32Array(length));
    this.lo = HASHES.map(() => new Uint32Array(length));
    this.statCols = STAT_KEYS.map(() => new Float32Array(length).fill(NaN));
    this.chCount = new Uint8Array(length);
    this.chMean = new Float32Array(length * MAX_CH);
    this.chStd = new Float32Array(length * MAX_CH);
    this.qualityCols = QUALITY_KEYS.map(() => new Float32Array(length).fill(NaN));
    this.state = new Uint8Array(length);
  }

  abstract set(i: number, r: ImageRecord | undefined): void;
  abstract get(i: number, full?: boolean): ImageRecord | undefined;

  /** whether a structured clone holds every column of this layout (RecordTable.revive) */
  protected static isWhole(t: RecordColumns): boolean {
    const n = t.length;
    const col = (a: unknown, type: Ctor, len = n) => a instanceof type && (a as ArrayLike<number>).length === len;
    const cols = (a: unknown, type: Ctor, count: number, len = n) => Array.isArray(a) && a.length === count && a.every((c) => col(c, type, len));
    return (
      Number.isSafeInteger(n) &&
      n >= 0 &&
      col(t.mask, Uint32Array) &&
      cols(t.ints, Int32Array, INTS.length) &&
      col(t.bytesCol, Float64Array) &&
      col(t.formatCol, Uint8Array) &&
      col(t.spaceCol, Uint8Array) &&
      Array.isArray(t.words) &&
      t.words.every((w) => typeof w === 'string') &&
      cols(t.hi, Uint32Array, HASHES.length) &&
      cols(t.lo, Uint32Array, HASHES.length) &&
      cols(t.statCols, Float32Array, STAT_KEYS.length) &&
      col(t.chCount, Uint8Array) &&
      col(t.chMean, Float32Array, n * MAX_CH) &&
      col(t.chStd, Float32Array, n * MAX_CH) &&
      cols(t.qualityCols, Float32Array, QUALITY_KEYS.length) &&
      col(t.state, Uint8Array) &&
      t.whole instanceof Map
    );
  }

  /** slot j of `from` into slot i, column by column (no record object is built) */
  copy(i: number, from: RecordColumns, j: number): void {
    if (from.state[j] !== 1) return this.set(i, from.get(j));
    this.whole.delete(i);
    const m = from.mask[j]!;
    for (let f = 0; f < INTS.length; f++) this.ints[f]![i] = from.ints[f]![j]!;
    for (let f = 0; f < HASHES.length; f++) (this.hi[f]![i] = from.hi[f]![j]!), (this.lo[f]![i] = from.lo[f]![j]!);
    if (m & (1 << 13)) this.formatCol[i] = this.word(from.words[from.formatCol[j]!]!);
    if (m & (1 << 14)) this.spaceCol[i] = this.word(from.words[from.spaceCol[j]!]!);
    this.hashCol.copy(i, from.hashCol, j);
    this.pixelCol.copy(i, from.pixelCol, j);
    this.bytesCol[i] = from.bytesCol[j]!;
    for (let f = 0; f < STAT_KEYS.length; f++) this.statCols[f]![i] = from.statCols[f]![j]!;
    this.chCount[i] = from.chCount[j]!;
    this.chMean.set(from.chMean.subarray(j * MAX_CH, (j + 1) * MAX_CH), i * MAX_CH);
    this.chStd.set(from.chStd.subarray(j * MAX_CH, (j + 1) * MAX_CH), i * MAX_CH);
    for (let f = 0; f < QUALITY_KEYS.length; f++) this.qualityCols[f]![i] = from.qualityCols[f]![j]!;
    this.mask[i] = m;
    this.state[i] = 1;
  }

  /**
   * copy(i + k, from, j + k) for every k < len: the rows `from` holds in columns in one typed-array
   * copy per column (a PR run takes 10,000 rows from the last scan's table in a few such runs).
   */
  copyRun(i: number, from: RecordColumns, j: number, len: number): void {
    for (let k = 0; k < len; ) {
      if (from.state[j + k] !== 1) {
        this.copy(i + k, from, j + k);
        k++;
        continue;
      }
      let e = k + 1;
      while (e < len && from.state[j + e] === 1) e++;
      this.copyColumns(i + k, from, j + k, e - k);
      k = e;
    }
  }

  private copyColumns(i: number, from: RecordColumns, j: number, n: number): void {
    const span = <T extends ArrayLike<number> & { set(a: ArrayLike<number>, at: number): void; subarray(a: number, b: number): T }>(to: T, src: T, w = 1) => to.set(src.subarray(j * w, (j + n) * w), i * w);
    if (this.whole.size) for (let k = 0; k < n; k++) this.whole.delete(i + k);
    span(this.mask, from.mask);
    for (let f = 0; f < INTS.length; f++) span(this.ints[f]!, from.ints[f]!);
    for (let f = 0; f < HASHES.length; f++) span(this.hi[f]!, from.hi[f]!), span(this.lo[f]!, from.lo[f]!);
    const words: number[] = [];
    const word = (x: number) => (words[x] ??= this.word(from.words[x]!));
    for (let k = 0; k < n; k++) {
      const m = from.mask[j + k]!;
      if (m & (1 << 13)) this.formatCol[i + k] = word(from.formatCol[j + k]!);
      if (m & (1 << 14)) this.spaceCol[i + k] = word(from.spaceCol[j + k]!);
    }
    this.hashCol.copyRun(i, from.hashCol, j, n);
    this.pixelCol.copyRun(i, from.pixelCol, j, n);
    span(this.bytesCol, from.bytesCol);
    for (let f = 0; f < STAT_KEYS.length; f++) span(this.statCols[f]!, from.statCols[f]!);
    span(this.chCount, from.chCount);
    span(this.chMean, from.chMean, MAX_CH);
    span(this.chStd, from.chStd, MAX_CH);
    for (let f = 0; f < QUALITY_KEYS.length; f++) span(this.qualityCols[f]!, from.qualityCols[f]!);
    this.state.fill(1, i, i + n);
  }

  /** index of a format/space name; at most 256 distinct names fit a column */
  protected word(s: string): number {
    let k = this.words.indexOf(s);
    if (k < 0) k = this.words.push(s) - 1;
    return k;
  }
}
