/**
 * A record store segment on disk, and where its entries are once indexed.
 *
 * Segment: "DQCSEG1\n", u8 digest length, digest, u32 RECORD_VERSION, then entries:
 *   u32 payload length | u32 CRC-32 of payload | payload = u8 key length, key, binary record.
 */
import { readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { encodeRecord } from './record-codec.js';
import { RECORD_VERSION } from './settings.js';
import type { ImageRecord } from './types.js';

const MAGIC = Buffer.from('DQCSEG1\n');
/** segments are walked (and compacted) in reads of this size */
export const CHUNK = 1 << 20;

/**
 * Where the entries are: nothing of a segment stays in memory but its name. Per entry a slot in
 * three growable columns (segment, offset, length) and a chain link for a hash stored twice; the
 * Map holds hash → first slot. About 100 bytes an entry, where holding the segment bytes was ~500.
 */
export class Locations {
  seg = new Uint32Array(1024);
  off = new Float64Array(1024);
  len = new Uint32Array(1024);
  next = new Int32Array(1024);
  size = 0;
  add(seg: number, off: number, len: number): number {
    if (this.size === this.seg.length) {
      const grow = <T extends Uint32Array | Float64Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      [this.seg, this.off, this.len, this.next] = [grow(this.seg), grow(this.off), grow(this.len), grow(this.next)];
    }
    const k = this.size++;
    [this.seg[k], this.off[k], this.len[k], this.next[k]] = [seg, off, len, -1];
    return k;
  }
}

/** Walk a segment's length prefixes in 1 MiB reads; the header must match. */
export function walkSegment(fd: number, header: Buffer, onEntry: (key: string, off: number, len: number) => void): 'ok' | 'torn' | 'bad-header' {
  const buf = Buffer.allocUnsafe(CHUNK);
  let base = 0;
  let have = readSync(fd, buf, 0, CHUNK, 0);
  if (have < header.length || !buf.subarray(0, header.length).equals(header)) return 'bad-header';
  let pos = header.length;
  for (;;) {
    // need the 8-byte prefix, the key length and the key inside the buffer
    if (pos - base + 9 > have || pos - base + 9 + buf[pos - base + 8]! > have) {
      if (have < CHUNK && pos - base + 9 > have) return pos - base === have ? 'ok' : 'torn';
      if (have < CHUNK) return 'torn';
      base = pos;
      have = readSync(fd, buf, 0, CHUNK, base);
      if (have === 0) return 'ok';
      continue;
    }
    const at = pos - base;
    const len = buf.readUInt32LE(at);
    const keyLen = buf[at + 8]!;
    if (len < 2 || keyLen + 1 > len) return 'torn';
    const end = pos + 8 + len;
    // an entry longer than what was read: check the file really holds all of it
    const beyond = end - base > have;
    if (beyond && readSync(fd, Buffer.allocUnsafe(1), 0, 1, end - 1) !== 1) return 'torn';
    onEntry(buf.toString('latin1', at + 9, at + 9 + keyLen), pos, len);
    pos = end;
    if (beyond) {
      base = pos;
      have = readSync(fd, buf, 0, CHUNK, base);
      if (have === 0) return 'ok';
    }
  }
}

export function writeAll(fd: number, b: Buffer): void {
  for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
}

export function segmentHeader(digest: string): Buffer {
  const d = Buffer.from(digest, 'latin1');
  const v = Buffer.alloc(4);
  v.writeUInt32LE(RECORD_VERSION);
  return Buffer.concat([MAGIC, Buffer.from([d.length]), d, v]);
}

export function encodeEntry(record: ImageRecord): Buffer {
  const key = Buffer.from(record.hash, 'latin1');
  if (key.length > 255) throw new Error('content hash too long for the record store');
  const body = encodeRecord(record);
  const out = Buffer.alloc(8 + 1 + key.length + body.length);
  out[8] = key.length;
  key.copy(out, 9);
  body.copy(out, 9 + key.length);
  out.writeUInt32LE(out.length - 8, 0);
  out.writeUInt32LE(crc32(out.subarray(8)), 4);
  return out;
}
