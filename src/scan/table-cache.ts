/**
 * The last scan's record table as one file next to the record store it came from
 * (<cacheDir>/records/<settings digest>/table.bin). The store answers one record at a time: ~25 µs
 * each (find, read, decode, put in the table), 0.25 s for 10,000 images. A PR run whose images
 * are 99 % those of the last run takes them from this table by content hash instead, row by row,
 * and asks the store only for the rest.
 *
 * Only rows that came from content (the store, a decode) are offered: a row for a file that could
 * not be read is not a property of its hash. Tables over MAX_ROWS are not written (the copy would
 * double a large run's memory); a file that does not read back whole is ignored.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { RecordTable } from './record-table.js';

const FILE = 'table.bin';
/** bump when RecordTable's fields change (revive also checks the shape) */
const VERSION = 1;
export const MAX_ROWS = 250_000;

export interface KnownRecords {
  table: RecordTable;
  slotOf: (hash: string) => number | undefined;
}

interface Saved {
  v: number;
  table: unknown;
  /** 1: the row came from content */
  content: Uint8Array;
}

export function loadTable(storeDir: string): KnownRecords | undefined {
  try {
    const saved = v8.deserialize(readFileSync(path.join(storeDir, FILE))) as Saved;
    if (saved?.v !== VERSION || !(saved.content instanceof Uint8Array)) return undefined;
    const table = RecordTable.revive(saved.table);
    if (table.length !== saved.content.length) return undefined;
    const at = new Map<string, number>();
    for (let i = 0; i < table.length; i++) {
      if (!saved.content[i]) continue;
      const h = table.hash(i);
      if (h) at.set(h, i);
    }
    return { table, slotOf: (hash) => at.get(hash) };
  } catch {
    return undefined;
  }
}

/** Best effort: the next run asks the store instead. */
export function saveTable(storeDir: string, table: RecordTable, content: Uint8Array): void {
  if (table.length > MAX_ROWS) return;
  try {
    const file = path.join(storeDir, FILE);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, v8.serialize({ v: VERSION, table, content } satisfies Saved));
    renameSync(tmp, file);
  } catch {
    /* not written */
  }
}
