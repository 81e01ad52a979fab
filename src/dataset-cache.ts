/**
 * Dataset snapshots: a dataset as a reader built it, keyed by the content of the files the source
 * lists (git blob SHAs) and the reader options. A PR run reads the base from the snapshot the
 * base-branch run left instead of parsing every label file of the base revision again, and reads
 * its head with the latest snapshot as a per-file memo (formats/prior.ts).
 *
 * Only datasets whose every read file had a blob SHA (ds.readPinned) and that depend on nothing
 * outside their files (not ds.uncacheable) are kept. Layout: <cacheDir>/datasets/<key>.json.gz
 * (gz-cache.ts) and `latest`, the key of the snapshot the next read of another version starts from.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectFormat } from './formats/detect.js';
import { readDataset, type ReadOptions } from './formats/read.js';
import { priorFrom, type PriorRead } from './formats/prior.js';
import type { DatasetSource } from './formats/source.js';
import { loadEntry, saveEntry } from './gz-cache.js';
import { columnsToJson, packBoxes, unpackBoxes, type JsonBoxColumns } from './box-columns.js';
import type { Dataset } from './model.js';
import { TOOL_VERSION } from './version.js';
import { hashFileList } from './file-list-hash.js';

/** bumped whenever a reader's output changes (3: links read from above, yaml fallbacks, COCO and YOLO findings) */
const FORMAT = 3;
const KEEP = 8;

/**
 * The snapshot key of what `source` lists (every file's name, the blob SHA of those that have one,
 * the links it refused) read with `options`. A file without a SHA (untracked, modified, ignored
 * like labels/*.cache) counts by its name: a snapshot is only saved when every file the reader
 * read had a SHA, and with the same names and the same pinned content a reader reads the same
 * files again, so an unpinned file's content never mattered. The format is keyed as the reader
 * resolves it, so a read that names the format and one that detects it share their snapshot.
 */
export function datasetKey(source: DatasetSource, files: readonly string[], options: ReadOptions): string {
  const h = createHash('sha1');
  h.update(JSON.stringify({ FORMAT, TOOL_VERSION, options: keyedOptions(options, files)!, unsafe: source.unsafe() }));
  hashFileList(h, files, (f) => source.blobSha(f));
  return h.digest('hex');
}

/** The reader options as keys see them (format resolved); without the listing, undefined when the format is to be detected. */
function keyedOptions(options: ReadOptions, files?: readonly string[]): Omit<ReadOptions, 'prior' | 'boundary'> | undefined {
  const { prior: _prior, boundary: _boundary, ...rest } = options;
  const detect = rest.yamlOutside ? 'yolo' : rest.entry === undefined ? (files ? detectFormat(files as string[])?.format : null) : undefined;
  if (detect === null && !rest.format) return undefined;
  const format = rest.format ?? detect ?? undefined;
  return { ...rest, ...(format ? { format } : {}) };
}

/** What besides the files decides a snapshot: this code's versions and the reader options (tree-alias.ts). */
export function optionsDigest(options: ReadOptions): string | undefined {
  const keyed = keyedOptions(options);
  return keyed && createHash('sha1').update(JSON.stringify({ FORMAT, TOOL_VERSION, options: keyed })).digest('hex').slice(0, 20);
}

/** `shas`: the blob SHA of each of ds.files, in order (what a prior needs). Boxes column by column
 * (numbers parse several times faster than 35,000 small objects). */
type Stored = Omit<Dataset, 'root' | 'boxes'> & { boxes: JsonBoxColumns; shas: string[] };

const isStored = (v: Record<string, unknown>): v is Record<string, unknown> & Stored =>
  typeof v.format === 'string' &&
  ['classes', 'splits', 'images', 'orphans', 'findings', 'notes'].every((k) => Array.isArray(v[k])) &&
  typeof v.boxes === 'object' &&
  v.boxes !== null &&
  Array.isArray((v.boxes as JsonBoxColumns).image) &&
  Array.isArray(v.shas);

/** snapshots this process loaded (the prior of the head is often the base it reads next) */
const loaded = new Map<string, { ds: Dataset; shas: string[] }>();

export function loadSnapshot(cacheDir: string, key: string, root: string): { ds: Dataset; shas: string[] } | undefined {
  const id = `${path.resolve(cacheDir)}\0${key}\0${root}`;
  const known = loaded.get(id);
  if (known) return known;
  const snap = readSnapshot(cacheDir, key, root);
  if (snap) {
    if (loaded.size >= 2) loaded.delete(loaded.keys().next().value!);
    loaded.set(id, snap);
  }
  return snap;
}

function readSnapshot(cacheDir: string, key: string, root: string): { ds: Dataset; shas: string[] } | undefined {
  const v = loadEntry(cacheDir, 'datasets', key, isStored);
  const boxes = v && unpackBoxes(v.boxes);
  if (!v || !boxes) return undefined;
  const { key: _key, shas, ...rest } = v as Stored & { key?: string };
  return { ds: { ...rest, root, boxes }, shas };
}

/** Saves the snapshot (shas: of ds.files, '' for none) and (latest) makes it the prior of the next read of another version. */
export function saveSnapshot(cacheDir: string, key: string, ds: Dataset, shas: string[], latest = true): void {
  if (ds.uncacheable || !ds.readPinned) return;
  const { root: _root, boxes, ...rest } = ds;
  if (saveEntry(cacheDir, 'datasets', key, { ...rest, boxes: columnsToJson(packBoxes(boxes)), shas }, KEEP) && latest) {
    try {
      writeFileSync(path.join(cacheDir, 'datasets', LATEST), key);
    } catch {
      /* the next read has no prior */
    }
  }
}

/**
 * readDataset through the snapshot cache: a hit is not read at all; a miss reads with the latest
 * snapshot as prior (prior.ts). `latest`: this read becomes the prior of the next one (head reads;
 * a PR run's base read does not, so a base-branch run leaves its head as the prior of PR runs).
 * `keep`: a snapshot is saved even for a read the prior served.
 */
export async function readDatasetCached(source: DatasetSource, opts: ReadOptions, cacheDir: string | undefined, latest = true, keep = false): Promise<Dataset> {
  if (!cacheDir) return readDataset(source, opts);
  const files = await source.list();
  // outside git (no blob SHAs) nothing can be kept: a snapshot needs every file read pinned
  if (!files.some((f) => source.blobSha(f) !== undefined)) return readDataset(source, opts);
  const key = datasetKey(source, files, opts);
  const hit = loadSnapshot(cacheDir, key, source.root);
  if (hit) {
    noteListingKey(hit.ds, key);
    return hit.ds;
  }
  const prior = loadLatest(cacheDir, source.root);
  const ds = await readDataset(source, { ...opts, ...(prior ? { prior } : {}) });
  noteListingKey(ds, key);
  // a read the prior served almost entirely is not worth a snapshot of its own (writing one costs
  // more than this read did; the prior stays the latest) unless `keep`: a base tree kept for the
  // next comparison with the same base (tree-alias.ts)
  if (keep || !(prior && prior.served() >= 0.9 * ds.images.length)) saveSnapshot(cacheDir, key, ds, files.map((f) => source.blobSha(f) ?? ''), latest);
  return ds;
}

/**
 * The snapshot key each dataset read here was read under: every listed file's name and blob SHA
 * and the reader options. With readPinned it pins an analysis's whole input (analysis-cache.ts),
 * so the file list is not hashed again.
 */
const listingKeys = new WeakMap<Dataset, string>();
export const listingKeyOf = (ds: Dataset): string | undefined => listingKeys.get(ds);
/** `key` is the snapshot key `ds` was loaded under (tree-alias.ts). */
export const noteListingKey = (ds: Dataset, key: string): void => void listingKeys.set(ds, key);

const LATEST = 'latest';

/** The snapshot written last, as a prior for a read of another version. */
function loadLatest(cacheDir: string, root: string): PriorRead | undefined {
  let key: string;
  try {
    key = readFileSync(path.join(cacheDir, 'datasets', LATEST), 'utf8').trim();
  } catch {
    return undefined;
  }
  const snap = /^[0-9a-f]{40}$/.test(key) ? loadSnapshot(cacheDir, key, root) : undefined;
  if (!snap?.ds.files || snap.shas.length !== snap.ds.files.length) return undefined;
  return priorFrom(snap.ds, new Map(snap.ds.files.flatMap((f, i) => (snap.shas[i] ? [[f, snap.shas[i]!] as const] : []))));
}
