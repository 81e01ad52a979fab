/**
 * Entry points: readDataset (any DatasetSource) and openDataset (a path on disk: folder, yaml
 * or COCO json; open.ts). Picks the format, runs the reader, adds unsafe-link findings, groups
 * and split aliases.
 */
import { finding } from '../findings.js';
import type { Dataset, DatasetFormat } from '../model.js';
import { UsageError } from '../options.js';
import { readCoco } from './coco.js';
import type { ReaderContext } from './common.js';
import { detectFormat, LOOKED_FOR, yamlCandidates } from './detect.js';
import { groupsFromFile, groupsFromRegex } from './groups.js';
import type { PriorRead } from './prior.js';
import { dirSet, extOf, normRel } from './paths.js';
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

export { gitTopLevel, openDataset, type OpenHooks } from './open.js';
