/**
 * The engine both fronts share: run the label checks, scan the images (unless labels-only), run
 * the image checks, apply the config's severities and waivers. Reading the work tree's dataset is
 * work-tree.ts (re-exported here).
 */
import { loadAnalysis, saveAnalysis } from './analysis-cache.js';
import { scanRecords } from './dataset-records.js';
import { IMAGE_CHECKS, inImageOrder } from './checks/images.js';
import { startChecks, type OffloadedChecks, type OffloadMode } from './checks/offload.js';
import { runLabelChecks } from './checks/labels.js';
import { imageStage } from './checks/stages.js';
import { recordStats } from './diff/drift.js';
import type { QcConfig } from './config/schema.js';
import { uniqueFindings, type CheckResult, type Finding } from './findings.js';
import type { Dataset } from './model.js';
import type { RunOptions } from './options.js';
import { applyPolicy } from './policy.js';
import type { RecordTable } from './scan/record-table.js';
import { LONG_RUN_IMAGES, longRun } from './tiering.js';

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

export { readForCheck, readOptionsOf, resolveConfig, workTreeShasOf } from './work-tree.js';

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
  // Checks over a very large dataset take seconds: TurboFan pays off (tiering.ts).
  if (!cached && ds.images.length >= LONG_RUN_IMAGES) longRun();
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
