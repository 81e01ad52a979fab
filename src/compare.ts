/**
 * Two sides of a comparison: the dataset at head (the working tree, or a git revision) and at
 * base (a git revision), each analysed by the same engine. Content hashes are git blob SHAs, so
 * an image the record store has seen at either side is never read, let alone decoded.
 */
import path from 'node:path';
import type { QcConfig } from './config/schema.js';
import { createGitSource, sizeLookup } from './diff/git-source.js';
import { diffDatasets, type DatasetDiff } from './diff/dataset-diff.js';
import { driftInputs, driftReport, type DriftReport } from './diff/drift.js';
import { resolveRev, workTreeBlobShas } from './diff/git.js';
import { analyze, readOptionsOf, type Analysis } from './engine.js';
import { gitTopLevel, readDataset } from './formats/read.js';
import type { Dataset } from './model.js';
import { UsageError, type RunOptions } from './options.js';

export interface Side {
  ds: Dataset;
  analysis: Analysis;
  /** full commit SHA; undefined for the working tree */
  sha?: string;
  /** dataset-relative path → git blob SHA */
  shas: Map<string, string>;
}

export interface Comparison {
  head: Side;
  base?: Side;
  /** why there is no base side (the dataset did not exist there…) */
  baseMissing?: string;
  diff?: DatasetDiff;
  drift?: DriftReport;
  repo?: string;
  /** dataset root relative to the repository root, posix ('' for the root itself) */
  datasetDir: string;
}

export interface CompareOptions {
  run: RunOptions;
  config: QcConfig;
  /** the head dataset as read from disk (working tree) */
  headDs: Dataset;
  /** compare against this revision; undefined = head only */
  baseRev?: string;
  /** read head from this revision instead of the working tree */
  headRev?: string;
  /** blob SHAs of the head's tracked, unmodified files, when the caller already has them */
  headShas?: Map<string, string>;
}

const analyzeOpts = (run: RunOptions) => ({
  labelsOnly: run.labelsOnly,
  progress: run.progress,
  ...(run.cacheDir ? { cacheDir: run.cacheDir } : {}),
  ...(run.concurrency ? { concurrency: run.concurrency } : {}),
});

/**
 * The yaml/json the user pointed at, relative to the dataset root: the same entry is read at the
 * other revision. A folder argument leaves detection to the reader (a COCO folder has several
 * instances_*.json; a VOC dataset's `source` is a folder).
 */
function entryOf(run: RunOptions, like: Dataset): string | undefined {
  const abs = path.resolve(run.path);
  if (!/\.(ya?ml|json)$/i.test(abs)) return undefined;
  const rel = path.relative(like.root, abs);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
}

/** The dataset as it is at `rev`, read through git (nothing is checked out). */
export async function readRevision(repo: string, rev: string, like: Dataset, run: RunOptions, config: QcConfig, likeShas?: Map<string, string>) {
  const source = await createGitSource({ repo, rev, root: like.root, ...(likeShas ? { knownSize: sizeLookup(like.images, likeShas) } : {}) });
  const entry = entryOf(run, like);
  try {
    const ds = await readDataset(source, { ...readOptionsOf(run, config), format: like.format, ...(entry ? { entry } : {}) });
    return { ds, source };
  } catch (e) {
    await source.close();
    throw e;
  }
}

async function analyzeRevision(repo: string, rev: string, like: Dataset, o: CompareOptions, likeShas?: Map<string, string>): Promise<Side> {
  const sha = await resolveRev(repo, rev);
  const { ds, source } = await readRevision(repo, sha, like, o.run, o.config, likeShas);
  try {
    const shas = new Map<string, string>();
    for (const img of ds.images) {
      const s = source.blobSha(img.path);
      if (s) shas.set(img.path, s);
    }
    const analysis = await analyze(ds, o.config, { ...analyzeOpts(o.run), blobShas: shas, readBytes: (img) => source.readBytes(img.path) });
    return { ds, analysis, sha, shas };
  } finally {
    await source.close();
  }
}

export async function compare(o: CompareOptions): Promise<Comparison> {
  const repo = gitTopLevel(o.headDs.root);
  const datasetDir = repo ? path.relative(repo, o.headDs.root).split(path.sep).join('/') : '';
  if ((o.baseRev || o.headRev) && !repo) throw new UsageError(`${o.headDs.root} is not inside a git repository, so there is no revision to compare with.`);

  let head: Side;
  if (o.headRev) head = await analyzeRevision(repo!, o.headRev, o.headDs, o);
  else {
    const shas = o.headShas ?? (repo ? await workTreeBlobShas(repo, datasetDir) : new Map<string, string>());
    const analysis = await analyze(o.headDs, o.config, { ...analyzeOpts(o.run), blobShas: shas });
    head = { ds: o.headDs, analysis, shas };
  }
  const out: Comparison = { head, datasetDir, ...(repo ? { repo } : {}) };
  if (!o.baseRev || !repo) return out;

  let base: Side;
  try {
    base = await analyzeRevision(repo, o.baseRev, o.headDs, o, head.shas);
  } catch (e) {
    // a dataset that does not exist at base: everything is new, nothing to diff against
    if (e instanceof UsageError && /Could not tell the dataset format|is not a file in/.test(e.message)) {
      out.baseMissing = `The dataset was not found at ${o.baseRev.slice(0, 12)}: every image and finding counts as new.`;
      return out;
    }
    throw e;
  }
  out.base = base;
  out.diff = diffDatasets(base.ds, head.ds, { baseShas: base.shas, headShas: head.shas });
  out.drift = driftReport(driftInputs(base.ds, base.analysis.records), driftInputs(head.ds, head.analysis.records));
  return out;
}
