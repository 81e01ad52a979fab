/**
 * The lookup phase of a scan (scan.ts), before any decode: the rows the last scan's table
 * (`known`) or the record store already hold, by content hash, without reading any image.
 */
import type { BigIntStats } from 'node:fs';
import type { HashCache } from './hash-cache.js';
import type { RecordTable } from './record-table.js';
import type { ScanItem } from './scan-types.js';
import type { RecordStore } from './store.js';
import type { KnownRecords } from './table-cache.js';
import type { ImageRecord } from './types.js';

export interface Lookup {
  /** rows filled from `known` or the store (content[slot] = 1 for each) */
  fromCache: number;
  /** items left to read, hash or decode: hashes the lookup missed, plus items without a hash */
  misses: number;
  /** by item index: the stat of a plain file the hash cache looked up, for remembering its hash */
  stats: (BigIntStats | undefined)[];
}

/**
 * Fills records (and content) with every item whose hash is known, calling progress for each.
 * Items whose hash is known are looked up first, without reading anything. Rows of the last
 * scan's table come over in runs (consecutive slots from consecutive rows: one copy per column).
 */
export function lookupKnown(
  items: readonly ScanItem[],
  records: RecordTable,
  content: Uint8Array,
  known: KnownRecords | undefined,
  store: RecordStore | undefined,
  hashCache: HashCache | undefined,
  progress: () => void,
): Lookup {
  const run = { at: -1, from: -1, len: 0 };
  const endRun = () => {
    if (run.len) records.copyRun(run.at, known!.table, run.from, run.len);
    run.len = 0;
  };
  let knownMisses = 0;
  let unhashed = 0;
  const stats: (BigIntStats | undefined)[] = [];
  let fromCache = 0;
  const slot = (i: number) => items[i]!.slot ?? i;
  /** a record the store holds goes into its slot */
  const served = (s: number, hit: ImageRecord) => {
    records.set(s, hit);
    content[s] = 1;
    fromCache++;
    progress();
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const h = item.hash;
    if (h === undefined && hashCache && !item.bytes && !item.load) {
      const c = hashCache.lookup(item.absPath ?? item.path);
      stats[i] = c.stat;
      const hit = c.hash !== undefined ? store?.get(c.hash) : undefined;
      if (hit) {
        served(slot(i), hit);
        continue;
      }
    }
    const mine = h !== undefined ? known?.slotOf(h) : undefined;
    if (mine !== undefined) {
      const s = slot(i);
      if (run.len && s === run.at + run.len && mine === run.from + run.len) run.len++;
      else {
        endRun();
        [run.at, run.from, run.len] = [s, mine, 1];
      }
      content[s] = 1;
      fromCache++;
      progress();
    } else if (h === undefined) unhashed++;
    else if (store) {
      const hit = store.get(h);
      if (hit) served(slot(i), hit);
      else knownMisses++;
    } else knownMisses++;
  }

  endRun();
  return { fromCache, misses: knownMisses + unhashed, stats };
}
