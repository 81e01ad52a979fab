/**
 * Reads of single fields of the record table's rows (record-table.ts) straight from the columns,
 * without building a record: what the checks ask of every image, millions of times at scale.
 */
import { hex64 } from './hex-column.js';
import { RecordColumns } from './record-columns.js';
import { BOOL_VALUE, HASH_AT, INT_AT, MAX_CH, STAT_AT, type HashField, type StatKey } from './record-layout.js';

export abstract class RecordFields extends RecordColumns {
  has(i: number): boolean {
    return this.state[i] !== 0;
  }

  /** scanned without a decode error */
  usable(i: number): boolean {
    return this.state[i] === 1 || (this.state[i] === 2 && !this.whole.get(i)!.error);
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
}
