/** What scanImages (scan.ts) takes and returns: the items to scan, its options and its result. */
import type { PoolMode } from './pool.js';
import type { RecordTable } from './record-table.js';
import type { ScanSettings } from './settings.js';
import type { KnownRecords } from './table-cache.js';

export interface ScanItem {
  /** display path (dataset-relative) */
  path: string;
  absPath?: string;
  bytes?: Buffer;
  /** known content hash, e.g. the git blob SHA */
  hash?: string;
  /** lazy bytes (a git blob): called only when the record store does not know `hash` */
  load?: () => Promise<Buffer>;
  /** where its record goes in the result table (default: its index in items) */
  slot?: number;
}

export interface ScanOptions {
  /** length of the result table when items carry slots (default: items.length) */
  slots?: number;
  /** record store directory; undefined = no store */
  cacheDir?: string;
  /** images decoded at the same time (default: 4 per worker, one worker per core) */
  concurrency?: number;
  settings?: Partial<ScanSettings>;
  onProgress?: (done: number, total: number) => void;
  /** force a pool mode (benchmarks); default chosen by the number of images to decode */
  poolMode?: PoolMode;
  workers?: number;
  /** records already in memory (the other side of a comparison): their slot by content hash, tried before the store */
  known?: KnownRecords;
  /** called once every record the store (or `known`) holds is in the table, before any decode */
  onCached?: (records: RecordTable) => void;
}

export interface ScanResult {
  /** slot items[i].slot ?? i; errors are records with .error */
  records: RecordTable;
  scan: { images: number; decoded: number; fromCache: number };
  /** image files read from disk or git by this run (to hash or decode them) */
  filesRead: number;
  /** record-store problems (unwritable cache dir…): the scan went on without it */
  warnings?: string[];
}
