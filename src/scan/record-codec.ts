/**
 * Binary layout of an ImageRecord for the record store: numbers as float64 (exact round trip,
 * so a cached record equals a freshly computed one), strings length-prefixed UTF-8, nested
 * statistics as fixed float64 runs. Fields it does not know (a newer ImageRecord) are kept as
 * JSON, so nothing is silently lost. The content hash is the entry key and is not repeated.
 */
import type { ImageRecord } from './types.js';

type Kind = 'num' | 'str' | 'bool' | 'json';
const FIELDS: readonly [keyof ImageRecord, Kind][] = [
  ['v', 'num'],
  ['bytes', 'num'],
  ['error', 'json'],
  ['width', 'num'],
  ['height', 'num'],
  ['channels', 'num'],
  ['format', 'str'],
  ['bitDepth', 'num'],
  ['orientation', 'num'],
  ['hasAlpha', 'bool'],
  ['space', 'str'],
  ['palette', 'bool'],
  ['pixelHash', 'str'],
  ['phash', 'str'],
  ['phashD4', 'str'],
  ['dhash', 'str'],
  ['dhashD4', 'str'],
  ['lowVariance', 'bool'],
];
const STATS_NUM = ['mean', 'std', 'var', 'skew', 'kurtosis', 'entropy', 'zeros', 'brightness', 'darkness', 'contrast', 'sharpness'] as const;
const STATS_ARR = ['channelMean', 'channelStd'] as const;
const QUALITY_NUM = ['dark', 'light', 'lowInformation', 'blurry', 'oddAspectRatio'] as const;
const KNOWN = new Set<string>(['hash', 'stats', 'quality', ...FIELDS.map((f) => f[0])]);
const STATS_KEYS = new Set<string>([...STATS_NUM, ...STATS_ARR]);
const QUALITY_KEYS = new Set<string>([...QUALITY_NUM, 'grayscale']);

class Writer {
  buf = Buffer.allocUnsafe(512);
  pos = 0;
  private room(n: number) {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  u8(v: number) {
    this.room(1);
    this.buf[this.pos++] = v;
  }
  u32(v: number) {
    this.room(4);
    this.buf.writeUInt32LE(v, this.pos);
    this.pos += 4;
  }
  f64(v: number) {
    this.room(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }
  str(s: string) {
    const n = Buffer.byteLength(s);
    this.u32(n);
    this.room(n);
    this.buf.write(s, this.pos);
    this.pos += n;
  }
}

function onlyKnown(o: object, known: Set<string>): boolean {
  return Object.keys(o).every((k) => known.has(k));
}

export function encodeRecord(r: ImageRecord): Buffer {
  const w = new Writer();
  let mask = 0;
  FIELDS.forEach(([k], i) => {
    if (r[k] !== undefined) mask |= 1 << i;
  });
  if (r.stats) mask |= 1 << 28;
  if (r.quality) mask |= 1 << 29;
  w.u32(mask >>> 0);
  for (const [k, kind] of FIELDS) {
    const v = r[k];
    if (v === undefined) continue;
    if (kind === 'num') w.f64(v as number);
    else if (kind === 'str') w.str(v as string);
    else if (kind === 'bool') w.u8(v ? 1 : 0);
    else w.str(JSON.stringify(v));
  }
  if (r.stats) {
    if (onlyKnown(r.stats, STATS_KEYS)) {
      w.u8(0);
      for (const k of STATS_NUM) w.f64(r.stats[k]);
      for (const k of STATS_ARR) {
        w.u8(r.stats[k].length);
        for (const x of r.stats[k]) w.f64(x);
      }
    } else {
      w.u8(1);
      w.str(JSON.stringify(r.stats));
    }
  }
  if (r.quality) {
    if (onlyKnown(r.quality, QUALITY_KEYS)) {
      w.u8(0);
      for (const k of QUALITY_NUM) w.f64(r.quality[k]);
      w.u8(r.quality.grayscale ? 1 : 0);
    } else {
      w.u8(1);
      w.str(JSON.stringify(r.quality));
    }
  }
  const extra = Object.keys(r).filter((k) => !KNOWN.has(k));
  w.str(extra.length ? JSON.stringify(Object.fromEntries(extra.map((k) => [k, (r as unknown as Record<string, unknown>)[k]]))) : '');
  return w.buf.subarray(0, w.pos);
}

class Reader {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
    private readonly end: number,
  ) {}
  private need(n: number): void {
    if (this.pos + n > this.end) throw new Error('record body ends early');
  }
  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  str(): string {
    const n = this.u32();
    this.need(n);
    this.pos += n;
    return this.buf.toString('utf8', this.pos - n, this.pos);
  }
}

/**
 * Decode the entry payload buf[start, end): u8 key length, key (the content hash), record body.
 */
export function decodeRecord(buf: Buffer, start = 0, end = buf.length): ImageRecord {
  const keyLen = buf[start]!;
  const r: Record<string, unknown> = { v: 0, hash: buf.toString('latin1', start + 1, start + 1 + keyLen) };
  const rd = new Reader(buf, start + 1 + keyLen, end);
  const mask = rd.u32();
  for (let i = 0; i < FIELDS.length; i++) {
    if (!(mask & (1 << i))) continue;
    const [k, kind] = FIELDS[i]!;
    r[k] = kind === 'num' ? rd.f64() : kind === 'str' ? rd.str() : kind === 'bool' ? rd.u8() === 1 : JSON.parse(rd.str());
  }
  if (mask & (1 << 28)) {
    if (rd.u8() === 0) {
      const s: Record<string, unknown> = {};
      for (const k of STATS_NUM) s[k] = rd.f64();
      for (const k of STATS_ARR) {
        const n = rd.u8();
        const a: number[] = [];
        for (let i = 0; i < n; i++) a.push(rd.f64());
        s[k] = a;
      }
      r.stats = s;
    } else r.stats = JSON.parse(rd.str());
  }
  if (mask & (1 << 29)) {
    if (rd.u8() === 0) {
      const q: Record<string, unknown> = {};
      for (const k of QUALITY_NUM) q[k] = rd.f64();
      q.grayscale = rd.u8() === 1;
      r.quality = q;
    } else r.quality = JSON.parse(rd.str());
  }
  const extra = rd.str();
  if (extra) Object.assign(r, JSON.parse(extra));
  if (rd.pos !== end) throw new Error('record body has trailing bytes');
  if (!(mask & 1)) delete r.v;
  return r as unknown as ImageRecord;
}
