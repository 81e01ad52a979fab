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
import { HexColumn } from './hex-column.js';
import { RecordFields } from './record-fields.js';
import { BOOL_VALUE, BOOLS, fitsColumns, HASHES, hex, INTS, MAX_CH, QUALITY_KEYS, STAT_KEYS, type RecordMeta } from './record-layout.js';
import type { ImageRecord, PixelStats, QualityScores } from './types.js';

export { STAT_KEYS, type HashField, type QualityKey, type RecordMeta, type StatKey } from './record-layout.js';

/**
 * The table: rows set from records and rebuilt as records. Single-field reads are record-fields.ts,
 * the storage and row copies record-columns.ts, the column layout record-layout.ts.
 */
export class RecordTable extends RecordFields {
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
    if (!RecordFields.isWhole(t)) throw new Error('not a record table of this layout');
    HexColumn.revive(t.hashCol, t.length);
    HexColumn.revive(t.pixelCol, t.length);
    return t;
  }

  set(i: number, r: ImageRecord | undefined): void {
    this.whole.delete(i);
    this.state[i] = 0;
    if (!r) return;
    if (!fitsColumns(r, this.words)) {
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


}
