/**
 * Small keyed caches in the record store directory: one gzipped JSON file per key under
 * <cacheDir>/<kind>/, written under a temporary name and renamed (atomic); only the newest `keep`
 * files of a kind stay. An unreadable or malformed entry is a miss, never trusted; a cache that
 * cannot be written only costs time on the next run.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const fileOf = (cacheDir: string, kind: string, key: string) => path.join(cacheDir, kind, `${key}.json.gz`);

/** The value stored under `key`, when it is there and `valid` accepts it. */
export function loadEntry<T>(cacheDir: string, kind: string, key: string, valid: (v: Record<string, unknown>) => v is Record<string, unknown> & T): T | undefined {
  try {
    const v = JSON.parse(gunzipSync(readFileSync(fileOf(cacheDir, kind, key))).toString('utf8')) as Record<string, unknown>;
    return v && typeof v === 'object' && v.key === key && valid(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an entry is stored under `key` (it may still not load). */
export const hasEntry = (cacheDir: string, kind: string, key: string): boolean => existsSync(fileOf(cacheDir, kind, key));

/** true when written */
export function saveEntry(cacheDir: string, kind: string, key: string, value: object, keep: number): boolean {
  try {
    const dir = path.join(cacheDir, kind);
    mkdirSync(dir, { recursive: true });
    const file = fileOf(cacheDir, kind, key);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, gzipSync(JSON.stringify({ key, ...value }), { level: 1 }));
    renameSync(tmp, file);
    prune(dir, keep);
    return true;
  } catch {
    return false;
  }
}

function prune(dir: string, keep: number): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json.gz'))
    .map((f) => {
      try {
        return { f, t: statSync(path.join(dir, f)).mtimeMs };
      } catch {
        return { f, t: 0 };
      }
    })
    .sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(keep)) {
    try {
      unlinkSync(path.join(dir, f));
    } catch {
      /* removed meanwhile */
    }
  }
}
