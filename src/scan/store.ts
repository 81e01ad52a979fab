/**
 * Content-addressed record store. Layout: <dir>/records/<settingsDigest>/seg-*.dqc, append-only
 * segment files. Each run writes its new records to ONE segment under a temporary name and renames
 * it into place (atomic), so concurrent runs never write the same file. On open, an index
 * (content hash → entry) is built by walking the length prefixes only; an entry's CRC-32, record
 * version, settings digest and hash are checked when it is read, and a bad entry is a miss.
 *
 * Segment: "DQCSEG1\n", u8 digest length, digest, u32 RECORD_VERSION, then entries:
 *   u32 payload length | u32 CRC-32 of payload | payload = u8 key length, key, binary record.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { RECORD_VERSION } from './settings.js';
import { decodeRecord, encodeRecord } from './record-codec.js';
import type { ImageRecord } from './types.js';

const MAGIC = Buffer.from('DQCSEG1\n');
/** more segments than this are merged into one when the store is opened */
const COMPACT_ABOVE = 16;

interface Entry {
  buf: Buffer;
  off: number;
  len: number;
  next?: Entry;
}

export interface RecordStore {
  readonly dir: string;
  get(hash: string): ImageRecord | undefined;
  put(record: ImageRecord): void;
  /** write the records put since the last flush as one new segment */
  flush(): void;
  stats(): { entries: number; segments: number; corrupt: number };
}

export function openStore(dir: string, settingsDigest: string): RecordStore {
  const root = path.join(dir, 'records', settingsDigest.replace(/[^0-9a-zA-Z_-]/g, '_'));
  mkdirSync(root, { recursive: true });
  const header = segmentHeader(settingsDigest);
  const index = new Map<string, Entry>();
  let corrupt = 0;
  let segments = 0;
  const loaded: string[] = [];
  for (const name of readdirSync(root).sort()) {
    if (!name.endsWith('.dqc')) continue;
    let buf: Buffer;
    try {
      buf = readFileSync(path.join(root, name));
    } catch {
      continue; // removed by a concurrent compaction
    }
    if (buf.length < header.length || !buf.subarray(0, header.length).equals(header)) {
      corrupt++;
      continue;
    }
    segments++;
    loaded.push(name);
    let pos = header.length;
    while (pos + 8 <= buf.length) {
      const len = buf.readUInt32LE(pos);
      if (len < 2 || pos + 8 + len > buf.length) {
        corrupt++;
        break; // a torn tail: nothing after it can be located
      }
      const keyLen = buf[pos + 8]!;
      const key = buf.toString('latin1', pos + 9, pos + 9 + keyLen);
      const e: Entry = { buf, off: pos, len };
      const prev = index.get(key);
      if (prev) {
        let last = prev;
        while (last.next) last = last.next;
        last.next = e;
      } else index.set(key, e);
      pos += 8 + len;
    }
  }
  let pending: Buffer[] = [];

  const read = (hash: string, e: Entry): ImageRecord | undefined => {
    const start = e.off + 8;
    if (crc32(e.buf.subarray(start, start + e.len)) !== e.buf.readUInt32LE(e.off + 4)) return undefined;
    try {
      const rec = decodeRecord(e.buf, start, start + e.len);
      return rec.v === RECORD_VERSION && rec.hash === hash ? rec : undefined;
    } catch {
      return undefined;
    }
  };

  const store: RecordStore = {
    dir: root,
    get(hash) {
      for (let e = index.get(hash); e; e = e.next) {
        const rec = read(hash, e);
        if (rec) return rec;
        corrupt++;
      }
      return undefined;
    },
    put(record) {
      if (record.v !== RECORD_VERSION) return;
      const entry = encodeEntry(record);
      const e: Entry = { buf: entry, off: 0, len: entry.length - 8 };
      const existing = index.get(record.hash);
      if (existing && read(record.hash, existing)) return;
      index.set(record.hash, e);
      pending.push(entry);
    },
    flush() {
      if (!pending.length) return;
      const tag = `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`;
      const tmp = path.join(root, `.seg-${tag}.tmp`);
      writeFileSync(tmp, Buffer.concat([header, ...pending]));
      renameSync(tmp, path.join(root, `seg-${tag}.dqc`));
      segments++;
      pending = [];
    },
    stats: () => ({ entries: index.size, segments, corrupt }),
  };

  if (loaded.length > COMPACT_ABOVE) compact(store, index, root, loaded);
  return store;
}

function segmentHeader(digest: string): Buffer {
  const d = Buffer.from(digest, 'latin1');
  const v = Buffer.alloc(4);
  v.writeUInt32LE(RECORD_VERSION);
  return Buffer.concat([MAGIC, Buffer.from([d.length]), d, v]);
}

function encodeEntry(record: ImageRecord): Buffer {
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

/** Rewrite every valid entry into one segment, then remove the segments it came from. */
function compact(store: RecordStore, index: Map<string, Entry>, root: string, loaded: string[]): void {
  for (const hash of [...index.keys()]) {
    const rec = store.get(hash);
    index.delete(hash);
    if (rec) store.put(rec);
  }
  store.flush();
  for (const name of loaded) {
    try {
      unlinkSync(path.join(root, name));
    } catch {
      /* already removed by a concurrent run */
    }
  }
}
