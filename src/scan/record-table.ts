/**
 * The scan records of a dataset, held column by column: typed arrays for the numbers, the four
 * 64-bit perceptual hashes as Uint32 halves, content and pixel hashes as bytes, format and colour
 * space as small codes. At 1,000,000 images this is ~0.2 GB where one ImageRecord object per image
 * (nested stats, channel arrays, boxed doubles, hex strings) was ~1.1 GB.
 *
 * `get(i)` rebuilds the record as it was set, except that the pixel statistics and quality scores
 * are held as float32 (7 significant digits; the report prints 3). Every consumer reads them from
 * the table, so a record served from the store and one decoded now still give identical results.
 * Records that do not fit the columns (a decode error, a field this version does not know, more
 * than 4 channels, a non-integer size…) are kept whole in a side map, so nothing is lost.
 */
import { HexColumn, hex64 } from './hex-column.js';
import type { ImageRecord, PixelStats, QualityScores } from './types.js';

/** a record without its content hash, pixel statistics, quality scores and perceptual/pixel hashes */
export type RecordMeta = Omit<ImageRecord, 'hash' | 'stats' | 'quality' | 'pixelHash' | (typeof HASHES)[number]>;

const INTS = ['v', 'width', 'height', 'channels', 'bitDepth', 'orientation'] as const;
const HASHES = ['phash', 'phashD4', 'dhash', 'dhashD4'] as const;
const BOOLS = ['hasAlpha', 'palette', 'lowVariance'] as const;
export const STAT_KEYS = ['mean', 'std', 'var', 'skew', 'kurtosis', 'entropy', 'zeros', 'brightness', 'darkness', 'contrast', 'sharpness'] as const;
const QUALITY_KEYS = ['dark', 'light', 'lowInformation', 'blurry', 'oddAspectRatio'] as const;
export type HashField = (typeof HASHES)[number];
export type StatKey = (typeof STAT_KEYS)[number];
export type QualityKey = (typeof QUALITY_KEYS)[number];

/** column of each field (the accessors run millions of times at scale: no indexOf) */
const at = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k, i) => [k, i])) as Record<K, number>;
const INT_AT = at(INTS);
const HASH_AT = at(HASHES);
const STAT_AT = at(STAT_KEYS);

const TOP = new Set<string>(['hash', 'bytes', 'format', 'space', 'pixelHash', 'stats', 'quality', ...INTS, ...HASHES, ...BOOLS]);
const STATS = new Set<string>([...STAT_KEYS, 'channelMean', 'channelStd']);
const QUALITY = new Set<string>([...QUALITY_KEYS, 'grayscale']);
const MAX_CH = 4;
const HEX16 = /^[0-9a-f]{16}$/;
// presence bits: INTS 0-5, HASHES 6-9, BOOLS 10-12 (value bits 16-18), format 13, space 14, pixelHash 15, stats 19, quality 20, grayscale 21
const BOOL_VALUE = 16;
type Ctor = abstract new (...args: never[]) => unknown;

export class RecordTable {
  readonly length: number;
  private readonly mask: Uint32Array;
  private readonly ints: Int32Array[];
  private readonly bytesCol: Float64Array;
  private readonly hashCol: HexColumn;
  private readonly pixelCol: HexColumn;
  /** format and colour space as indices into `words` */
  private readonly formatCol: Uint8Array;
  private readonly spaceCol: Uint8Array;
  private readonly words: string[] = [];
  private readonly hi: Uint32Array[];
  private readonly lo: Uint32Array[];
  private readonly statCols: Float32Array[];
  private readonly chCount: Uint8Array;
  private readonly chMean: Float32Array;
  private readonly chStd: Float32Array;
  private readonly qualityCols: Float32Array[];
  /** slot → 0 empty, 1 in the columns, 2 in `whole` */
  private readonly state: Uint8Array;
  private readonly whole = new Map<number, ImageRecord>();

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

  static from(records: readonly (ImageRecord | undefined)[]): RecordTable {
    const t = new RecordTable(records.length);
    records.forEach((r, i) => t.set(i, r));
    return t;
  }

  /**
   * The table again from its structured clone (postMessage to a worker, v8.serialize): every
   * field is a typed array, a Map or a string list, so only the prototypes are lost on the way.
   * Throws when the clone is not a whole table of this layout (table-cache.ts reads files).
   */
  static revive(clone: unknown): RecordTable {
    const t = Object.setPrototypeOf(clone, RecordTable.prototype) as RecordTable;
    const n = t.length;
    const col = (a: unknown, type: Ctor, len = n) => a instanceof type && (a as ArrayLike<number>).length === len;
    const cols = (a: unknown, type: Ctor, count: number, len = n) => Array.isArray(a) && a.length === count && a.every((c) => col(c, type, len));
    const whole =
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
      t.whole instanceof Map;
    if (!whole) throw new Error('not a record table of this layout');
    HexColumn.revive(t.hashCol, n);
    HexColumn.revive(t.pixelCol, n);
    return t;
  }

  has(i: number): boolean {
    return this.state[i] !== 0;
  }

  /** scanned without a decode error */
  usable(i: number): boolean {
    return this.state[i] === 1 || (this.state[i] === 2 && !this.whole.get(i)!.error);
  }

  set(i: number, r: ImageRecord | undefined): void {
    this.whole.delete(i);
    this.state[i] = 0;
    if (!r) return;
    if (!this.fits(r)) {
      this.whole.set(i, r);
      this.state[i] = 2;
      return;
    }
    let m = 0;
    INTS.forEach((k, f) => {
      const v = r[k];
      if (v !== undefined) (m |= 1 << f), (this.ints[f]![i] = v);
    });
    HASHES.forEach((k, f) => {
      const h = r[k];
      if (h === undefined) return;
      m |= 1 << (6 + f);
      this.hi[f]![i] = parseInt(h.slice(0, 8), 16);
      this.lo[f]![i] = parseInt(h.slice(8), 16);
    });
    BOOLS.forEach((k, f) => {
      const b = r[k];
      if (b !== undefined) m |= (1 << (10 + f)) | (b ? 1 << (BOOL_VALUE + f) : 0);
    });
    if (r.format !== undefined) (m |= 1 << 13), (this.formatCol[i] = this.word(r.format));
    if (r.space !== undefined) (m |= 1 << 14), (this.spaceCol[i] = this.word(r.space));
    if (r.pixelHash !== undefined) m |= 1 << 15;
    this.pixelCol.set(i, r.pixelHash);
    this.hashCol.set(i, r.hash);
    this.bytesCol[i] = r.bytes;
    if (r.stats) {
      m |= 1 << 19;
      STAT_KEYS.forEach((k, f) => (this.statCols[f]![i] = r.stats![k]));
      const n = r.stats.channelMean.length;
      this.chCount[i] = n;
      for (let c = 0; c < n; c++) {
        this.chMean[i * MAX_CH + c] = r.stats.channelMean[c]!;
        this.chStd[i * MAX_CH + c] = r.stats.channelStd[c]!;
      }
    } else for (const col of this.statCols) col[i] = NaN;
    if (r.quality) {
      m |= (1 << 20) | (r.quality.grayscale ? 1 << 21 : 0);
      QUALITY_KEYS.forEach((k, f) => (this.qualityCols[f]![i] = r.quality![k]));
    } else for (const col of this.qualityCols) col[i] = NaN;
    this.mask[i] = m;
    this.state[i] = 1;
  }

  /** slot j of `from` into slot i, column by column (no record object is built) */
  copy(i: number, from: RecordTable, j: number): void {
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
  copyRun(i: number, from: RecordTable, j: number, len: number): void {
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

  private copyColumns(i: number, from: RecordTable, j: number, n: number): void {
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

  /** the record without its content hash, pixel statistics, quality scores and perceptual/pixel hashes (cheap to build: no hex) */
  meta(i: number): RecordMeta | undefined {
    return this.get(i, false);
  }

  /** the quality scores of a usable record */
  quality(i: number): QualityScores | undefined {
    if (this.state[i] === 2) return this.whole.get(i)!.quality;
    if (this.state[i] !== 1 || !(this.mask[i]! & (1 << 20))) return undefined;
    const q: Record<string, unknown> = {};
    QUALITY_KEYS.forEach((k, f) => (q[k] = this.qualityCols[f]![i]));
    q.grayscale = (this.mask[i]! & (1 << 21)) !== 0;
    return q as unknown as QualityScores;
  }

  /** the record as it was set (`full` false: as meta() describes) */
  get(i: number, full = true): ImageRecord | undefined {
    const s = this.state[i];
    if (s === 2) return this.whole.get(i);
    if (s !== 1) return undefined;
    const m = this.mask[i]!;
    const r: Record<string, unknown> = {};
    if (m & 1) r.v = this.ints[0]![i];
    if (full) r.hash = this.hashCol.get(i);
    r.bytes = this.bytesCol[i];
    INTS.forEach((k, f) => {
      if (f > 0 && m & (1 << f)) r[k] = this.ints[f]![i];
    });
    if (m & (1 << 13)) r.format = this.words[this.formatCol[i]!];
    BOOLS.forEach((k, f) => {
      if (m & (1 << (10 + f))) r[k] = (m & (1 << (BOOL_VALUE + f))) !== 0;
    });
    if (m & (1 << 14)) r.space = this.words[this.spaceCol[i]!];
    if (!full) return r as unknown as ImageRecord;
    if (m & (1 << 15)) r.pixelHash = this.pixelCol.get(i);
    HASHES.forEach((k, f) => {
      if (m & (1 << (6 + f))) r[k] = hex(this.hi[f]![i]!) + hex(this.lo[f]![i]!);
    });
    if (m & (1 << 19)) {
      const st: Record<string, unknown> = {};
      STAT_KEYS.forEach((k, f) => (st[k] = this.statCols[f]![i]));
      const n = this.chCount[i]!;
      st.channelMean = Array.from(this.chMean.subarray(i * MAX_CH, i * MAX_CH + n));
      st.channelStd = Array.from(this.chStd.subarray(i * MAX_CH, i * MAX_CH + n));
      r.stats = st as unknown as PixelStats;
    }
    if (m & (1 << 20)) r.quality = this.quality(i);
    return r as unknown as ImageRecord;
  }

  /** the records with a decode or read error, by slot */
  errors(): [number, ImageRecord][] {
    return [...this.whole].filter(([, r]) => r.error);
  }

  /** every slot's record (tests, small datasets) */
  toArray(): (ImageRecord | undefined)[] {
    return Array.from({ length: this.length }, (_, i) => this.get(i));
  }

  /** usable and with pixel statistics */
  hasStats(i: number): boolean {
    return this.state[i] === 1 ? (this.mask[i]! & (1 << 19)) !== 0 : this.usable(i) && this.whole.get(i)!.stats !== undefined;
  }

  hash(i: number): string | undefined {
    return this.state[i] === 2 ? this.whole.get(i)!.hash : this.hashCol.get(i);
  }

  /** the first 64 bits of the content hash or pixel hash, without building the string */
  hashPrefix(which: 'hash' | 'pixelHash', i: number, out: { hi: number; lo: number }): boolean {
    if (this.state[i] === 1) return (which === 'hash' ? this.hashCol : this.pixelCol).prefix(i, out);
    return this.state[i] === 2 && hex64(this.whole.get(i)![which], out);
  }

  /** the usable record's field, without building the record */
  pixelHash(i: number): string | undefined {
    return this.state[i] === 2 ? this.whole.get(i)!.pixelHash : this.state[i] === 1 && this.mask[i]! & (1 << 15) ? this.pixelCol.get(i) : undefined;
  }

  lowVariance(i: number): boolean {
    return this.state[i] === 2 ? this.whole.get(i)!.lowVariance === true : (this.mask[i]! & (1 << (BOOL_VALUE + 2))) !== 0;
  }

  /** a pHash/dHash as its two 32-bit halves; false when the slot has none */
  hashParts(field: HashField, i: number, out: { hi: number; lo: number }): boolean {
    if (this.state[i] === 2) {
      return hex64(this.whole.get(i)![field], out, true);
    }
    const f = HASH_AT[field];
    if (this.state[i] !== 1 || !(this.mask[i]! & (1 << (6 + f)))) return false;
    out.hi = this.hi[f]![i]!;
    out.lo = this.lo[f]![i]!;
    return true;
  }

  /** a pixel statistic of a usable record, NaN when it has none */
  stat(key: StatKey, i: number): number {
    if (this.state[i] === 2) return this.whole.get(i)!.stats?.[key] ?? NaN;
    return this.statCols[STAT_AT[key]]![i]!;
  }

  /** channel c's mean or std when the record has exactly `channels` channels, else NaN */
  channel(which: 'mean' | 'std', c: number, i: number, channels = 3): number {
    if (this.state[i] === 2) {
      const a = this.whole.get(i)!.stats?.[which === 'mean' ? 'channelMean' : 'channelStd'];
      return a?.length === channels ? a[c]! : NaN;
    }
    if (this.state[i] !== 1 || this.chCount[i] !== channels || !(this.mask[i]! & (1 << 19))) return NaN;
    return (which === 'mean' ? this.chMean : this.chStd)[i * MAX_CH + c]!;
  }

  /** file bytes per pixel of an image in `format` with a known size, else NaN */
  bytesPerPixel(i: number, format: string): number {
    const r = this.state[i] === 2 ? this.whole.get(i)! : undefined;
    const fmt = r ? r.format : this.mask[i]! & (1 << 13) ? this.words[this.formatCol[i]!] : undefined;
    const w = this.int('width', i);
    const h = this.int('height', i);
    return fmt === format && w && h ? (r ? r.bytes : this.bytesCol[i]!) / (w * h) : NaN;
  }

  /** a size field, undefined when the record has none */
  int(key: 'width' | 'height' | 'channels' | 'bitDepth' | 'orientation', i: number): number | undefined {
    if (this.state[i] === 2) return this.whole.get(i)![key];
    const f = INT_AT[key];
    return this.state[i] === 1 && this.mask[i]! & (1 << f) ? this.ints[f]![i] : undefined;
  }

  private fits(r: ImageRecord): boolean {
    if (r.error || typeof r.hash !== 'string' || typeof r.bytes !== 'number') return false;
    for (const k of Object.keys(r)) if (!TOP.has(k)) return false;
    for (const w of [r.format, r.space]) if (w !== undefined && (typeof w !== 'string' || (this.words.length > 250 && !this.words.includes(w)))) return false;
    for (const k of INTS) {
      const v = r[k];
      if (v !== undefined && (typeof v !== 'number' || (v | 0) !== v || Object.is(v, -0))) return false;
    }
    for (const k of HASHES) if (r[k] !== undefined && !HEX16.test(r[k]!)) return false;
    for (const k of BOOLS) if (r[k] !== undefined && typeof r[k] !== 'boolean') return false;
    if (r.stats) {
      const s = r.stats;
      if (!Object.keys(s).every((k) => STATS.has(k)) || !STAT_KEYS.every((k) => typeof s[k] === 'number')) return false;
      if (!Array.isArray(s.channelMean) || !Array.isArray(s.channelStd) || s.channelMean.length > MAX_CH || s.channelStd.length !== s.channelMean.length) return false;
    }
    if (r.quality) {
      const q = r.quality;
      if (!Object.keys(q).every((k) => QUALITY.has(k)) || !QUALITY_KEYS.every((k) => typeof q[k] === 'number') || typeof q.grayscale !== 'boolean') return false;
    }
    return true;
  }

  /** index of a format/space name; at most 256 distinct names fit a column */
  private word(s: string): number {
    let k = this.words.indexOf(s);
    if (k < 0) k = this.words.push(s) - 1;
    return k;
  }
}

const hex = (x: number) => x.toString(16).padStart(8, '0');
