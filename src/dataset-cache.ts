/**
 * Dataset snapshots: a dataset as a reader built it, keyed by the content of every file the
 * source lists (git blob SHAs) and the reader options. A PR run reads the base from the snapshot
 * the base-branch run left instead of parsing every label file of the base revision again.
 *
 * A source with a file of unknown content (untracked or modified), or a dataset that depended on
 * something outside its files (ds.uncacheable), gets no key. Layout: <cacheDir>/datasets/ (gz-cache.ts).
 */
import { createHash } from 'node:crypto';
import { readDataset, type ReadOptions } from './formats/read.js';
import type { DatasetSource } from './formats/source.js';
import { loadEntry, saveEntry } from './gz-cache.js';
import type { Dataset } from './model.js';
import { TOOL_VERSION } from './version.js';

const FORMAT = 1;
const KEEP = 8;

/** The snapshot key of what `source` lists (files and their blob SHAs, links it refused) read with `options`. */
export function datasetKey(source: DatasetSource, files: readonly string[], options: unknown): string | undefined {
  const h = createHash('sha1');
  h.update(JSON.stringify({ FORMAT, TOOL_VERSION, options, unsafe: source.unsafe() }));
  for (const f of files) {
    const sha = source.blobSha(f);
    if (!sha) return undefined;
    h.update(`${f}\0${sha}\n`);
  }
  return h.digest('hex');
}

type Stored = Omit<Dataset, 'root'>;

const isStored = (v: Record<string, unknown>): v is Record<string, unknown> & Stored =>
  typeof v.format === 'string' && ['classes', 'splits', 'images', 'boxes', 'orphans', 'findings', 'notes'].every((k) => Array.isArray(v[k]));

export function loadSnapshot(cacheDir: string, key: string, root: string): Dataset | undefined {
  const v = loadEntry(cacheDir, 'datasets', key, isStored);
  if (!v) return undefined;
  const ds = { ...v, root } as Dataset & { key?: string };
  delete ds.key;
  return ds;
}

export function saveSnapshot(cacheDir: string, key: string, ds: Dataset): void {
  if (ds.uncacheable) return;
  const { root: _root, ...stored } = ds;
  saveEntry(cacheDir, 'datasets', key, stored, KEEP);
}

/** readDataset through the snapshot cache (no cacheDir, or a source without content keys: a plain read). */
export async function readDatasetCached(source: DatasetSource, opts: ReadOptions, cacheDir: string | undefined): Promise<Dataset> {
  const key = cacheDir ? datasetKey(source, await source.list(), opts) : undefined;
  const hit = key ? loadSnapshot(cacheDir!, key, source.root) : undefined;
  if (hit) return hit;
  const ds = await readDataset(source, opts);
  if (key) saveSnapshot(cacheDir!, key, ds);
  return ds;
}
