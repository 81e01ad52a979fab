/**
 * Content-addressed record store. Layout: <dir>/records/<settingsDigest>/seg-*.dqc, append-only
 * segment files. Each run writes its new records to ONE segment under a temporary name and renames
 * it into place (atomic), so concurrent runs never write the same file. On open, an index
 * (content hash → segment, offset, length) is built by walking the length prefixes in 1 MiB
 * reads; no segment is held in memory, each get is one positioned read. An entry's CRC-32, record
 * version, settings digest and hash are checked when it is read, and a bad entry is a miss.
 *
 * The segment format is in store-segment.ts; writing and removing segment files in store-files.ts.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { decodeRecord } from './record-codec.js';
import { RECORD_VERSION } from './settings.js';
import { removeSegments, writeCompacted, writeSegment } from './store-files.js';
import { encodeEntry, Locations, segmentHeader, walkSegment } from './store-segment.js';
import type { ImageRecord } from './types.js';

/** more segments than this are merged into one when the store is opened */
const COMPACT_ABOVE = 16;
/** segment files kept open at once for reads */
const OPEN_FILES = 32;
const WINDOW = 64 << 10;

export interface RecordStore {
  readonly dir: string;
  get(hash: string): ImageRecord | undefined;
  put(record: ImageRecord): void;
  /** write the records put since the last flush as one new segment */
  flush(): void;
  /** close the files it reads from (get after close reopens them) */
  close(): void;
  stats(): { entries: number; segments: number; corrupt: number };
}

export function openStore(dir: string, settingsDigest: string): RecordStore {
  const root = path.join(dir, 'records', settingsDigest.replace(/[^0-9a-zA-Z_-]/g, '_'));
  mkdirSync(root, { recursive: true });
  const header = segmentHeader(settingsDigest);
  let index = new Map<string, number>();
  let loc = new Locations();
  let names: string[] = [];
  const fds = new Map<number, number>();
  let corrupt = 0;
  let segments = 0;
  let scratch = Buffer.allocUnsafe(WINDOW);

  const fdOf = (seg: number): number | undefined => {
    let fd = fds.get(seg);
    if (fd !== undefined) return fd;
    try {
      fd = openSync(path.join(root, names[seg]!), 'r');
    } catch {
      return undefined; // removed by a concurrent compaction
    }
    if (fds.size >= OPEN_FILES) {
      const [oldSeg, oldFd] = fds.entries().next().value as [number, number];
      closeSync(oldFd);
      fds.delete(oldSeg);
    }
    fds.set(seg, fd);
    return fd;
  };
  const link = (key: string, k: number) => {
    const first = index.get(key);
    if (first === undefined) return void index.set(key, k);
    let last = first;
    while (loc.next[last]! >= 0) last = loc.next[last]!;
    loc.next[last] = k;
  };

  for (const name of readdirSync(root).sort()) {
    if (!name.endsWith('.dqc')) continue;
    const seg = names.length;
    names.push(name);
    const fd = fdOf(seg);
    if (fd === undefined) continue;
    const r = walkSegment(fd, header, (key, off, len) => link(key, loc.add(seg, off, len)));
    if (r === 'bad-header') {
      corrupt++;
      continue;
    }
    if (r === 'torn') corrupt++;
    segments++;
  }
  let pending: Buffer[] = [];
  let pendingIndex = new Map<string, Buffer>();

  // Read-ahead: records are looked up roughly in the order they were written (dataset order), so
  // one read of WINDOW bytes serves the next few hundred lookups of a warm run.
  let win = { seg: -1, off: 0, len: 0 };
  /** the entry bytes (u32 length, u32 crc, payload) of slot k when they are sound */
  const raw = (k: number): Buffer | undefined => {
    const seg = loc.seg[k]!;
    const off = loc.off[k]!;
    const n = loc.len[k]! + 8;
    if (win.seg !== seg || off < win.off || off + n > win.off + win.len) {
      const fd = fdOf(seg);
      if (fd === undefined) return undefined;
      const want = Math.max(n, WINDOW);
      if (scratch.length < want) scratch = Buffer.allocUnsafe(want);
      const got = readSync(fd, scratch, 0, want, off);
      if (got < n) return undefined;
      win = { seg, off, len: got };
    }
    const e = scratch.subarray(off - win.off, off - win.off + n);
    return e.readUInt32LE(0) === n - 8 && crc32(e.subarray(8)) === e.readUInt32LE(4) ? e : undefined;
  };
  const decode = (hash: string, e: Buffer): ImageRecord | undefined => {
    try {
      const rec = decodeRecord(e, 8, e.length);
      return rec.v === RECORD_VERSION && rec.hash === hash ? rec : undefined;
    } catch {
      return undefined;
    }
  };
  const lookup = (hash: string): ImageRecord | undefined => {
    const mine = pendingIndex.get(hash);
    if (mine) return decode(hash, mine);
    for (let k = index.get(hash) ?? -1; k >= 0; k = loc.next[k]!) {
      const e = raw(k);
      const rec = e && decode(hash, e);
      if (rec) return rec;
      corrupt++;
    }
    return undefined;
  };

  const store: RecordStore = {
    dir: root,
    get: lookup,
    put(record) {
      if (record.v !== RECORD_VERSION || pendingIndex.has(record.hash)) return;
      if (index.has(record.hash) && lookup(record.hash)) return;
      const entry = encodeEntry(record);
      pendingIndex.set(record.hash, entry);
      pending.push(entry);
    },
    flush() {
      if (!pending.length) return;
      const name = writeSegment(root, [header, ...pending]);
      const seg = names.length;
      names.push(name);
      let off = header.length;
      for (const [key, e] of pendingIndex) {
        index.delete(key); // the new entry is the one that was read back as sound
        link(key, loc.add(seg, off, e.length - 8));
        off += e.length;
      }
      segments++;
      pending = [];
      pendingIndex = new Map();
    },
    close() {
      for (const fd of fds.values()) closeSync(fd);
      fds.clear();
      win = { seg: -1, off: 0, len: 0 }; // segment numbers may change (compaction)
    },
    stats: () => ({ entries: index.size + pendingIndex.size, segments, corrupt }),
  };

  /**
   * Copy the first sound entry of every hash into one new segment, streamed in 4 MiB writes,
   * then remove the segments it came from and read from the new one.
   */
  const compact = () => {
    const old = names.slice();
    const fresh = writeCompacted(root, header, index, loc, raw, decode);
    store.close();
    [index, loc, names, segments] = [fresh.index, fresh.loc, [fresh.name], 1];
    removeSegments(root, old);
  };

  if (segments > COMPACT_ABOVE) compact();
  return store;
}
