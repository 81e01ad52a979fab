/**
 * The engine both fronts share: read a dataset, run the label checks, scan the images (unless
 * labels-only), run the image checks, apply the config's severities and waivers.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadAnalysis, saveAnalysis } from './analysis-cache.js';
import { scanRecords } from './dataset-records.js';
import { IMAGE_CHECKS, inImageOrder } from './checks/images.js';
import { startChecks, type OffloadedChecks, type OffloadMode } from './checks/offload.js';
import { runLabelChecks } from './checks/labels.js';
import { imageStage } from './checks/stages.js';
import { loadConfig } from './config/load.js';
import { readDatasetCached } from './dataset-cache.js';
import { recordStats } from './diff/drift.js';
import { workTreeBlobShas } from './diff/git-tree.js';
import type { QcConfig } from './config/schema.js';
import { uniqueFindings, type CheckResult, type Finding } from './findings.js';
import { gitTopLevel, openDataset, type ReadOptions } from './formats/read.js';
import type { DatasetSource } from './formats/source.js';
import type { Dataset } from './model.js';
import { UsageError, type RunOptions } from './options.js';
import { applyPolicy } from './policy.js';
import { prestartDecoders } from './scan/pool.js';
import { resolveSettings } from './scan/settings.js';
import type { RecordTable } from './scan/record-table.js';

export interface Analysis {
  checks: CheckResult[];
  /** reader findings + check findings, with severities and waivers applied */
  findings: Finding[];
  records?: RecordTable;
  scan?: { images: number; decoded: number; fromCache: number };
  /** findings and check stats came from the analysis cache (the checks did not run) */
  fromAnalysisCache?: boolean;
  /** the image statistics drift compares, when they came from the analysis cache instead of records */
  imageStats?: Record<string, number[]>;
}

export interface AnalyzeOptions {
  labelsOnly: boolean;
  cacheDir?: string;
  concurrency?: number;
  progress?: RunOptions['progress'];
  /** bytes for images that are not on disk (a git revision) */
  readBytes?: (img: Dataset['images'][number]) => Promise<Buffer>;
  /** known content hashes (git blob SHAs) by dataset-relative path */
  blobShas?: Map<string, string>;
  /** analysis cache key (analysis-cache.ts): findings and check stats are reused when cached */
  cacheKey?: string;
  /** records of another version of the dataset, taken by content hash before the store is asked */
  known?: RecordTable;
  /** run the checks on a worker thread (offload.ts); default 'auto' (by dataset size) */
  offload?: OffloadMode;
  /**
   * the caller needs no records when the analysis cache has the result and its image statistics
   * (the base side of a comparison: drift is all it would read them for): nothing is scanned
   */
  recordsOptional?: boolean;
  /**
   * the images are what a training run reads (the work tree, the head): a Git LFS pointer among
   * them stops the run with the fix (scan/lfs.ts), instead of a report on pointers
   */
  pointersFatal?: boolean;
}

export function resolveConfig(opts: Pick<RunOptions, 'path' | 'config'>): { config: QcConfig; file?: string; target: string } {
  const target = path.resolve(opts.path);
  if (!existsSync(target)) throw new UsageError(`dataset path not found: ${opts.path}`);
  const dir = statSync(target).isDirectory() ? target : path.dirname(target);
  const { config, file } = loadConfig(opts.config ? path.resolve(opts.config) : undefined, [dir, process.cwd()]);
  return { config, target, ...(file ? { file } : {}) };
}

/** Reader options from the run options and the config (the same for disk and git revisions). */
export function readOptionsOf(opts: Pick<RunOptions, 'format' | 'groupBy'>, config: QcConfig): ReadOptions {
  const d = config.dataset;
  const format = opts.format ?? d.format;
  const groupBy = opts.groupBy ?? d.groupBy;
  return {
    ...(format ? { format } : {}),
    ...(groupBy ? { groupBy } : {}),
    ...(d.groupFile ? { groupFile: d.groupFile } : {}),
    ...(d.splits ? { splitAliases: d.splits } : {}),
  };
}

const headShas = new WeakMap<Dataset, Map<string, string>>();

/** files under the dataset root from which a run with a record store starts its decoder early */
const PRESTART_FROM = 2_000;

/** Blob SHAs of the tracked, unmodified files of a dataset readForCheck read with a cache dir. */
export const workTreeShasOf = (ds: Dataset): Map<string, string> | undefined => headShas.get(ds);

/**
 * The dataset in the work tree. With a cache dir, files are known by their blob SHAs: an unchanged
 * dataset comes from its snapshot, a changed one re-reads only the files that changed since the
 * last snapshot (dataset-cache.ts).
 */
export async function readForCheck(
  opts: RunOptions,
  config: QcConfig,
  target: string,
  boundary?: string,
  /** blob SHAs the caller already listed for a folder (used when it is the dataset root) */
  known?: { dir: string; shas: Map<string, string> },
): Promise<Dataset> {
  const readOpts = { ...readOptionsOf(opts, config), ...(boundary ? { boundary } : {}) };
  const cacheDir = opts.cacheDir;
  if (!cacheDir) return openDataset(target, readOpts);
  let shas = new Map<string, string>();
  let src: DatasetSource | undefined;
  const ds = await openDataset(target, readOpts, {
    shas: async (root) => {
      if (known && path.resolve(known.dir) === path.resolve(root)) shas = known.shas;
      else {
        const repo = gitTopLevel(root);
        shas = repo ? await workTreeBlobShas(repo, path.relative(repo, root).split(path.sep).join('/')) : new Map();
      }
      // a large dataset with a record store: its decoder starts while the dataset is read
      if (!opts.labelsOnly && shas.size >= PRESTART_FROM) prestartDecoders(resolveSettings());
      return shas;
    },
    read: (source, o) => readDatasetCached((src = source), o, cacheDir),
  });
  // an image reached through a link has the blob SHA of its real path (disk.ts), which the git
  // listing keys by that path only
  let known2: Map<string, string> | undefined;
  for (const img of ds.images) {
    if (shas.has(img.path)) continue;
    const sha = src?.blobSha(img.path);
    if (sha) (known2 ??= new Map(shas)).set(img.path, sha);
  }
  headShas.set(ds, known2 ?? shas);
  return ds;
}

export async function analyze(ds: Dataset, cfg: QcConfig, opts: AnalyzeOptions): Promise<Analysis> {
  return analyzeStaged(ds, cfg, opts).done;
}

export type Scanned = Required<Pick<Analysis, 'records' | 'scan'>>;

export interface StagedAnalysis {
  /**
   * the records table as soon as every record the store knows is in it, before any decode (rows of
   * images still to decode are empty): the other side of a comparison takes its shared images from it
   */
  fromStore: Promise<RecordTable | undefined>;
  /** the scan's records, as soon as they are complete (undefined: labels only) — before the checks end */
  scanned: Promise<Scanned | undefined>;
  done: Promise<Analysis>;
}

/**
 * analyze, in two stages: a comparison takes the head's records (for the base side and drift)
 * while the head's checks still run, on the checks worker when the dataset is large (offload.ts).
 */
export function analyzeStaged(ds: Dataset, cfg: QcConfig, opts: AnalyzeOptions): StagedAnalysis {
  const cached = opts.cacheDir && opts.cacheKey ? loadAnalysis(opts.cacheDir, opts.cacheKey) : undefined;
  if (cached && opts.recordsOptional && (cached.imageStats || opts.labelsOnly)) {
    const done = Promise.resolve({ ...cached, fromAnalysisCache: true });
    return { fromStore: Promise.resolve(undefined), scanned: Promise.resolve(undefined), done };
  }
  // otherwise records are needed either way (drift, the report's scan counts); the checks only on a miss.
  // The scan runs to its first wait synchronously: store lookups done, decodes handed to the pool.
  // labels only: nothing runs beside the checks, the worker would only add the dataset's copy
  const offload = cached ? undefined : startChecks(ds, cfg, opts.cacheDir, opts.offload ?? (opts.labelsOnly ? false : 'auto'));
  let onCached: (t: RecordTable | undefined) => void = () => undefined;
  const fromStore = new Promise<RecordTable | undefined>((resolve) => (onCached = resolve));
  const scanning = opts.labelsOnly ? Promise.resolve(undefined) : scanRecords(ds, { ...opts, onCached });
  // a scan that ends (or fails) before its lookups are done: its records, or none
  void scanning.then(
    (s) => onCached(s?.records),
    () => onCached(undefined),
  );
  if (cached) return { fromStore, scanned: scanning, done: scanning.then((scanned) => ({ ...cached, ...scanned, fromAnalysisCache: true })) };
  let labels: CheckResult[] | undefined;
  try {
    if (!offload) labels = runLabelChecks(ds, cfg); // while the images decode in the workers
  } catch (e) {
    return { fromStore, scanned: scanning, done: scanning.catch(() => undefined).then(() => Promise.reject(e as Error)) };
  }
  const done = scanning.then(
    async (scanned) => {
      const records = scanned?.records;
      const checks = await runChecks(ds, cfg, records, labels, offload, opts.cacheDir);
      const findings = applyPolicy(uniqueFindings([...ds.findings, ...checks.flatMap((c) => c.findings)]), cfg);
      // a read failure (or an LFS pointer read for its image) is not a property of the content: such a result is not cached
      if (opts.cacheDir && opts.cacheKey && !records?.errors().some(([, r]) => !r.hash || r.error?.kind === 'lfs-pointer'))
        saveAnalysis(opts.cacheDir, opts.cacheKey, { checks, findings, ...(records ? { imageStats: recordStats(records) } : {}) });
      return { checks, findings, ...scanned };
    },
    (e: unknown) => {
      offload?.cancel();
      throw e;
    },
  );
  return { fromStore, scanned: scanning, done };
}

/**
 * Every check's result, in one order: the label checks, then the image checks. With the checks
 * worker, it runs the label and 'pairs' checks while this thread runs the 'stats' ones; if the
 * worker fails, everything runs here (so an exception surfaces as it would without it).
 */
async function runChecks(ds: Dataset, cfg: QcConfig, records: RecordTable | undefined, labels: CheckResult[] | undefined, offload: OffloadedChecks | undefined, cacheDir?: string): Promise<CheckResult[]> {
  if (offload) {
    const answer = offload.finish(records);
    const stats = imageStage(ds, records, cfg, cacheDir, 'stats');
    const theirs = await answer;
    if (theirs) {
      const image = new Set(IMAGE_CHECKS);
      return [...theirs.filter((c) => !image.has(c.id)), ...inImageOrder([...stats, ...theirs.filter((c) => image.has(c.id))])];
    }
  }
  return [...(labels ?? runLabelChecks(ds, cfg)), ...imageStage(ds, records, cfg, cacheDir)];
}
