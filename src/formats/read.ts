/**
 * Entry points: readDataset (any DatasetSource) and openDataset (a path on disk: folder, yaml
 * or COCO json). Picks the format, runs the reader, adds unsafe-link findings, groups and
 * split aliases.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { finding } from '../findings.js';
import type { Dataset, DatasetFormat } from '../model.js';
import { UsageError } from '../options.js';
import { readCoco } from './coco.js';
import type { ReaderContext } from './common.js';
import { detectFormat, LOOKED_FOR, yamlCandidates } from './detect.js';
import { createDiskSource, startWalk } from './disk.js';
import { groupsFromFile, groupsFromRegex } from './groups.js';
import type { PriorRead } from './prior.js';
import { dirSet, extOf, isInside, normRel } from './paths.js';
import { overlaySource, type DatasetSource } from './source.js';
import { LONG_RUN_FILES, longRun } from '../tiering.js';
import { readVoc } from './voc.js';
import { readYolo, type YoloEntry } from './yolo.js';

export interface ReadOptions {
  format?: DatasetFormat;
  /** a yaml or json inside the root that describes the dataset */
  entry?: string;
  groupBy?: string;
  groupFile?: string;
  /** canonical split name → aliases, e.g. { val: ['valid', 'validation'] } */
  splitAliases?: Record<string, string[]>;
  /** default true: read image headers for sizes (YOLO) and to compare with declared sizes */
  imageSizes?: boolean;
  /** (openDataset) links may point anywhere inside this folder; default: the git work tree, else the root's parent */
  boundary?: string;
  /** @internal yaml that lives outside the root (openDataset read it) */
  yamlOutside?: { name: string; text: string };
  /** a previous read used as a per-file memo (prior.ts); never part of a cache key */
  prior?: PriorRead;
}

export async function readDataset(source: DatasetSource, opts: ReadOptions = {}): Promise<Dataset> {
  const files = await source.list();
  // every label file of a large dataset to parse (no prior read to take them from): a long run
  if (!opts.prior && files.length >= LONG_RUN_FILES) longRun();
  const reads = recordReads(source);
  source = reads.source;
  const ctx: ReaderContext = { source, files, fileSet: new Set(files), dirs: dirSet(files), imageSizes: opts.imageSizes !== false, ...(opts.prior ? { prior: opts.prior } : {}) };
  const detected = detectFormat(files);
  const format = opts.format ?? (opts.yamlOutside ? 'yolo' : opts.entry ? formatOfEntry(opts.entry) : detected?.format);
  if (!format) {
    throw new UsageError(
      `Could not tell the dataset format of ${source.label}. Looked for: ${LOOKED_FOR.join('; ')}. ` +
        'Point at the dataset folder, its data.yaml or its COCO json, or pass --format yolo|coco|voc.',
    );
  }
  if (opts.entry !== undefined && !ctx.fileSet.has(opts.entry)) throw new UsageError(`${opts.entry} is not a file in ${source.label}.`);

  let ds: Dataset;
  if (format === 'yolo') {
    let entry: YoloEntry | undefined;
    if (opts.yamlOutside) entry = { path: opts.yamlOutside.name, text: opts.yamlOutside.text, base: '' };
    else if (opts.entry && /\.ya?ml$/i.test(opts.entry)) entry = { path: opts.entry };
    else if (detected?.format === 'yolo' && detected.entry) entry = { path: detected.entry };
    else if (!opts.entry) {
      const y = yamlCandidates(files, 0)[0];
      if (y) entry = { path: y };
    }
    ds = await readYolo(ctx, entry);
  } else if (format === 'coco') {
    ds = await readCoco(ctx, opts.entry && /\.json$/i.test(opts.entry) ? opts.entry : undefined);
    if (!ds.source && !ds.findings.length) {
      throw new UsageError(`No COCO instances JSON found in ${source.label} (looked for instances_*.json, *.coco.json and JSON files with images, annotations and categories).`);
    }
  } else {
    ds = await readVoc(ctx);
    if (!ds.source) throw new UsageError(`No Pascal VOC XML annotations found in ${source.label} (looked for Annotations/*.xml or annotations/*.xml).`);
  }

  for (const u of source.unsafe()) {
    ds.findings.push(
      finding({
        check: 'path/unsafe-link',
        severity: 'error',
        message: `${u.path} is a symbolic link to ${u.target}, which is outside the dataset folder; it was not followed.`,
        path: u.path,
        key: u.target,
      }),
    );
  }
  if (opts.splitAliases) applySplitAliases(ds, opts.splitAliases);
  if (opts.groupBy) {
    const n = groupsFromRegex(ds.images, opts.groupBy);
    ds.notes.push(`Group keys from --group-by ${opts.groupBy}: ${n} of ${ds.images.length} images matched.`);
  }
  if (opts.groupFile) {
    const n = await groupsFromFile(ds.images, source, opts.groupFile);
    ds.notes.push(`Group keys from ${opts.groupFile}: ${n} of ${ds.images.length} images have one.`);
  }
  // what the caches key on: every file seen, and whether each one read had a blob SHA (content
  // not read cannot change the result); inputs from elsewhere make it uncacheable
  ds.files = files;
  ds.readPinned = reads.pinned();
  if (opts.yamlOutside || source.unsafe().length || (opts.groupFile && !ctx.fileSet.has(normRel(opts.groupFile) ?? ''))) ds.uncacheable = true;
  return ds;
}

/** The source, noting every file whose content it hands out (text, bytes, header size). */
function recordReads(inner: DatasetSource): { source: DatasetSource; pinned: () => boolean } {
  const read = new Set<string>();
  const source = overlaySource(inner, {
    readText: (rel) => (read.add(rel), inner.readText(rel)),
    readBytes: (rel) => (read.add(rel), inner.readBytes(rel)),
    imageSize: (rel) => (read.add(rel), inner.imageSize(rel)),
  });
  return { source, pinned: () => [...read].every((rel) => inner.blobSha(rel) !== undefined) };
}

function formatOfEntry(entry: string): DatasetFormat | undefined {
  const ext = extOf(entry);
  return ext === 'yaml' || ext === 'yml' ? 'yolo' : ext === 'json' ? 'coco' : ext === 'xml' ? 'voc' : undefined;
}

/** Rename splits to their canonical name: { val: ['valid'] } turns split "valid" into "val". */
export function applySplitAliases(ds: Dataset, aliases: Record<string, string[]>): void {
  const rename = new Map<string, string>();
  for (const [canon, list] of Object.entries(aliases)) for (const a of list) rename.set(a.toLowerCase(), canon);
  const to = (s: string) => rename.get(s.toLowerCase()) ?? s;
  for (const img of ds.images) img.split = to(img.split);
  for (const o of ds.orphans) o.split = to(o.split);
  const seen: string[] = [];
  for (const s of ds.splits.map(to)) if (!seen.includes(s)) seen.push(s);
  ds.splits = seen;
}

/** Folder of the git work tree holding `dir`, if any. */
export function gitTopLevel(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Open a dataset on disk. `pathArg` is a folder, a dataset yaml, or a COCO json. The root is the
 * folder (for a yaml: the folder its `path` names, else its own folder; for a json in
 * annotations/: that folder's parent).
 */
export interface OpenHooks {
  /** blob SHAs of the root's tracked, unmodified files: the disk source reports them (content keys) */
  shas?: (root: string) => Promise<ReadonlyMap<string, string>>;
  /** how to read the opened source (default readDataset; the engine passes the cached read) */
  read?: (source: DatasetSource, opts: ReadOptions) => Promise<Dataset>;
}

export async function openDataset(pathArg: string, opts: Omit<ReadOptions, 'entry'> = {}, hooks: OpenHooks = {}): Promise<Dataset> {
  const abs = path.resolve(pathArg);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `Dataset path not found: ${pathArg}. Pass the dataset folder, its data.yaml, or a COCO json.`
        : `Cannot read ${pathArg} (${code ?? (e as Error).message}). Check that the path exists and is readable.`,
    );
  }
  let root = abs;
  const read: ReadOptions = { ...opts };
  if (st.isFile()) {
    const ext = extOf(abs);
    const dir = path.dirname(abs);
    if (ext === 'yaml' || ext === 'yml') {
      const text = readText(abs, pathArg);
      let y: unknown;
      try {
        y = parseYaml(text);
      } catch (e) {
        throw new UsageError(`${pathArg} is not valid YAML (${(e as Error).message.split('\n')[0]}). Fix it or point at the dataset folder.`);
      }
      if (!y || typeof y !== 'object' || Array.isArray(y)) throw new UsageError(`${pathArg} is not a YAML mapping; a dataset yaml needs keys such as names, train and val.`);
      const p = (y as { path?: unknown }).path;
      const target = typeof p === 'string' && p.trim() ? path.resolve(dir, p.trim()) : dir;
      if (target !== dir && !isInside(dir, target) && existsSync(target) && statSync(target).isDirectory()) {
        root = target;
        read.yamlOutside = { name: path.basename(abs), text };
      } else {
        root = dir;
        read.entry = path.basename(abs);
      }
      read.format ??= 'yolo';
    } else if (ext === 'json') {
      root = /^annotations$/i.test(path.basename(dir)) ? path.dirname(dir) : dir;
      read.entry = normRel(path.relative(root, abs).split(path.sep).join('/'))!;
      read.format ??= 'coco';
    } else {
      throw new UsageError(`${pathArg} is a file; pass the dataset folder, its data.yaml, or a COCO json.`);
    }
  } else if (!st.isDirectory()) {
    throw new UsageError(`${pathArg} is neither a folder nor a file.`);
  }
  const boundary = opts.boundary ?? gitTopLevel(root) ?? path.dirname(root);
  try {
    // the folders are walked while git lists the blob SHAs
    const walk = hooks.shas ? startWalk(root, boundary) : undefined;
    const source = createDiskSource(root, boundary, hooks.shas ? await hooks.shas(root) : undefined, walk);
    return await (hooks.read ?? readDataset)(source, read);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`Cannot read the dataset folder ${pathArg} (${code}). Check its permissions.`);
    throw e;
  }
}

function readText(abs: string, shown: string): string {
  try {
    return readFileSync(abs, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read ${shown} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
}

