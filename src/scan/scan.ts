/**
 * scanImages: one record per item, from the record store when its content hash is known there,
 * otherwise decoded once by the pool. Streaming: at most ~2× the pool's capacity of images are
 * held in memory at a time; the store is consulted BEFORE any decode, so a warm run decodes
 * nothing. Items with the same content hash are decoded once.
 */
import { readFileSync } from 'node:fs';
import { contentHash } from './decode.js';
import { LONG_RUN_DECODES, longRun } from '../tiering.js';
import { openHashCache, type HashCache } from './hash-cache.js';
import { loadTable, MAX_ROWS, saveTable } from './table-cache.js';
import { createPool, defaultPoolMode, defaultWorkers, workersFor, type DecodePool, type PoolJob, type PoolResult } from './pool.js';
import { resolveSettings, settingsDigest, RECORD_VERSION } from './settings.js';
import { openStore, type RecordStore } from './store.js';
import { RecordTable } from './record-table.js';
import { lookupKnown } from './scan-lookup.js';
import type { ScanItem, ScanOptions, ScanResult } from './scan-types.js';
import type { ImageRecord } from './types.js';

export type { ScanItem, ScanOptions, ScanResult } from './scan-types.js';

const FLUSH_EVERY = 2000;

export async function scanImages(items: ScanItem[], opts: ScanOptions = {}): Promise<ScanResult> {
  const settings = resolveSettings(opts.settings);
  const warnings: string[] = [];
  let store: RecordStore | undefined;
  if (opts.cacheDir) {
    try {
      store = openStore(opts.cacheDir, settingsDigest(settings));
    } catch (e) {
      warnings.push(`the record store in ${opts.cacheDir} could not be opened (${(e as Error).message}); every image is decoded`);
    }
  }
  // hashes of plain files (no git blob SHA) by stat, so a warm rerun reads no image
  const hashCache: HashCache | undefined = store && opts.cacheDir ? openHashCache(opts.cacheDir) : undefined;
  const flushStore = () => {
    try {
      store?.flush();
    } catch (e) {
      warnings.push(`records could not be saved to ${opts.cacheDir} (${(e as Error).message})`);
      store = undefined;
    }
  };
  const total = items.length;
  const records = new RecordTable(opts.slots ?? total);
  // the last scan's table: most rows of a PR's images, by content hash, without the store
  const known = opts.known ?? (store && records.length <= MAX_ROWS ? loadTable(store.dir) : undefined);
  /** rows that came from content (store, table, decode), not from a read failure */
  const content = new Uint8Array(records.length);
  const slot = (i: number) => items[i]!.slot ?? i;
  let done = 0;
  let decoded = 0;
  let fromCache = 0;
  let sinceFlush = 0;
  let filesRead = 0;
  const progress = () => opts.onProgress?.(++done, total);

  // Items whose hash is known are looked up first, without reading anything (scan-lookup.ts).
  const looked = lookupKnown(items, records, content, known, store, hashCache, progress);
  fromCache += looked.fromCache;
  const toDecode = looked.misses;
  const stats = looked.stats;
  opts.onCached?.(records);
  if (toDecode >= LONG_RUN_DECODES) longRun(); // TurboFan pays off in a long decode
  const workers = opts.workers ?? defaultWorkers();
  const totalInflight = opts.concurrency ?? 4 * workers;
  let pool: DecodePool | undefined;
  const getPool = () => {
    if (!pool) {
      const mode = opts.poolMode ?? (totalInflight <= 1 ? 'inline' : defaultPoolMode(toDecode));
      const w = mode === 'inline' ? 1 : Math.min(workers, totalInflight, workersFor(toDecode));
      pool = createPool({ mode, workers: w, inflight: Math.max(1, Math.ceil(totalInflight / w)), settings });
    }
    return pool;
  };

  // the same bytes twice in one run are decoded once: in flight → its promise, done → its slot
  const inFlight = new Map<string, Promise<PoolResult>>();
  const doneAt = new Map<string, number>();
  const outstanding = new Set<Promise<void>>();
  const finish = (i: number, result: PoolResult) => {
    records.set(slot(i), result.record);
    progress();
  };
  try {
    for (let i = 0; i < total; i++) {
      if (records.has(slot(i))) continue;
      const item = items[i]!;
      let job: PoolJob;
      let hash = item.hash;
      if (hash === undefined) {
        let bytes = item.bytes;
        if (!bytes) {
          try {
            bytes = item.load ? await item.load() : readFileSync(item.absPath ?? item.path);
            filesRead++;
          } catch (e) {
            finish(i, { record: unreadable(`the file could not be read: ${(e as Error).message}`), readError: true });
            continue;
          }
        }
        hash = contentHash(bytes);
        const st = stats[i];
        if (st) hashCache?.remember(item.absPath ?? item.path, st, hash);
        const hit = store?.get(hash);
        if (hit) {
          records.set(slot(i), hit);
          content[slot(i)] = 1;
          fromCache++;
          progress();
          continue;
        }
        job = { bytes, hash, transfer: !item.bytes };
      } else if (item.bytes) job = { bytes: item.bytes, hash };
      else if (item.load) {
        try {
          job = { bytes: await item.load(), hash, transfer: true };
          filesRead++;
        } catch (e) {
          finish(i, { record: unreadable(`the file could not be read: ${(e as Error).message}`), readError: true });
          continue;
        }
      } else {
        job = { absPath: item.absPath ?? item.path, hash };
        filesRead++;
      }

      // the same bytes twice in one run: decoded once, the copy counts as served from cache
      const at = doneAt.get(hash);
      if (at !== undefined) {
        fromCache++;
        content[slot(i)] = 1;
        finish(i, { record: records.get(at)! });
        continue;
      }
      const same = inFlight.get(hash);
      if (same) {
        const p = same.then((r) => {
          fromCache++;
          if (!r.readError) content[slot(i)] = 1;
          finish(i, { ...r, record: { ...r.record } });
        });
        track(outstanding, p);
        continue;
      }
      const pl = getPool();
      // a job with a path holds no bytes here: many may wait in the workers' queues
      while (outstanding.size >= (job.absPath ? 8 : 2) * pl.capacity) await Promise.race(outstanding);
      const run = pl.run(job);
      inFlight.set(hash, run);
      const p = run.then((r) => {
        decoded++;
        inFlight.delete(hash);
        if (!r.readError) {
          doneAt.set(hash, slot(i));
          content[slot(i)] = 1;
        }
        finish(i, r);
        if (store && !r.readError && r.record.hash) {
          store.put(r.record);
          if (++sinceFlush >= FLUSH_EVERY) {
            flushStore();
            sinceFlush = 0;
          }
        }
      });
      track(outstanding, p);
    }
    await Promise.all(outstanding);
    // the table the next scan starts from (a scan handed another side's records is not the last word)
    if (store && !opts.known) saveTable(store.dir, records, content);
  } finally {
    // every job has answered: the workers end in the background (terminating takes a while)
    void pool?.close().catch(() => undefined);
    flushStore();
    store?.close();
    try {
      hashCache?.save(); // once per run: the whole file is rewritten
    } catch (e) {
      warnings.push(`file hashes could not be saved to ${opts.cacheDir} (${(e as Error).message})`);
    }
  }
  return { records, scan: { images: total, decoded, fromCache }, filesRead, ...(warnings.length ? { warnings } : {}) };
}

function track(set: Set<Promise<void>>, p: Promise<void>): void {
  set.add(p);
  void p.finally(() => set.delete(p));
}

function unreadable(message: string): ImageRecord {
  return { v: RECORD_VERSION, hash: '', bytes: 0, error: { kind: 'corrupt', message } };
}
