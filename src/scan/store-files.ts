/**
 * The segment files a record store (store.ts) writes and removes: a run's new segment, written
 * under a temporary name and renamed into place (atomic), and the compacted segment that holds
 * the first sound entry of every hash.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { CHUNK, Locations, writeAll } from './store-segment.js';
import type { ImageRecord } from './types.js';

/** A new segment's file name, and the temporary name it is written under. */
function newSegment(root: string): { tmp: string; name: string } {
  const tag = `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`;
  return { tmp: path.join(root, `.seg-${tag}.tmp`), name: `seg-${tag}.dqc` };
}

/** Writes `parts` (header, entries) as one new segment in root; returns its file name. */
export function writeSegment(root: string, parts: Buffer[]): string {
  const { tmp, name } = newSegment(root);
  const fd = openSync(tmp, 'w');
  try {
    writeAll(fd, Buffer.concat(parts));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path.join(root, name));
  return name;
}

/**
 * Writes the first sound entry of every hash in `index` (raw: an entry's bytes when they are
 * sound; decode: its record when it is the hash's) as one new segment in root, streamed in
 * 4 MiB writes. Returns its file name and the index and locations of its entries (segment 0).
 */
export function writeCompacted(
  root: string,
  header: Buffer,
  index: Map<string, number>,
  loc: Locations,
  raw: (k: number) => Buffer | undefined,
  decode: (hash: string, e: Buffer) => ImageRecord | undefined,
): { name: string; index: Map<string, number>; loc: Locations } {
  const { tmp, name } = newSegment(root);
  const fresh = new Locations();
  const freshIndex = new Map<string, number>();
  const fd = openSync(tmp, 'w');
  try {
    let batch: Buffer[] = [header];
    let batchLen = header.length;
    let off = header.length;
    for (const [hash, first] of index) {
      for (let k = first; k >= 0; k = loc.next[k]!) {
        const e = raw(k);
        if (!e || !decode(hash, e)) continue;
        batch.push(Buffer.from(e));
        batchLen += e.length;
        freshIndex.set(hash, fresh.add(0, off, e.length - 8));
        off += e.length;
        break;
      }
      if (batchLen >= 4 * CHUNK) {
        writeAll(fd, Buffer.concat(batch));
        [batch, batchLen] = [[], 0];
      }
    }
    writeAll(fd, Buffer.concat(batch));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path.join(root, name));
  return { name, index: freshIndex, loc: fresh };
}

/** Removes the named segment files of root (those already gone are skipped). */
export function removeSegments(root: string, names: readonly string[]): void {
  for (const n of names) {
    try {
      unlinkSync(path.join(root, n));
    } catch {
      /* already removed by a concurrent run */
    }
  }
}
