/**
 * Two sides of a comparison: the dataset at head (the working tree, or a git revision) and at
 * base (a git revision), each analysed by the same engine. Content hashes are git blob SHAs, so
 * an image the record store has seen at either side is never read, let alone decoded.
 */
import path from 'node:path';
import type { QcConfig } from './config/schema.js';
import { createGitSource, sizeLookup } from './diff/git-source.js';
import { diffDatasets, type DatasetDiff } from './diff/dataset-diff.js';
import { driftInputs, driftReport, type DriftInputs, type DriftReport } from './diff/drift.js';
import { resolveRev, workTreeBlobShas } from './diff/git.js';
import { analysisKey } from './analysis-cache.js';
import { analyze, analyzeStaged, readOptionsOf, workTreeShasOf, type Analysis } from './engine.js';
import { readDatasetCached } from './dataset-cache.js';
import { gitTopLevel } from './formats/read.js';
import type { Dataset } from './model.js';
import type { RecordTable } from './scan/record-table.js';
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

/** The analysis cache key of a dataset read with these options (undefined: no cache dir, or not pinned by content). */
export function analysisKeyFor(ds: Dataset, shaOf: (rel: string) => string | undefined, run: RunOptions, config: QcConfig): string | undefined {
  if (!run.cacheDir) return undefined;
  return analysisKey(ds, shaOf, { config, read: readOptionsOf(run, config), format: ds.format, entry: entryOf(run, ds) ?? null, labelsOnly: run.labelsOnly });
}

const keyOf = (ds: Dataset, shaOf: (rel: string) => string | undefined, o: CompareOptions) => analysisKeyFor(ds, shaOf, o.run, o.config);

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

/** The dataset as it is at `rev` (a commit SHA; repo: the top level), read through git (nothing is checked out). */
export async function readRevision(repo: string, rev: string, like: Dataset, run: RunOptions, config: QcConfig, likeShas?: Map<string, string>, role: 'head' | 'base' = 'head') {
  const source = await createGitSource({ repo, rev, root: like.root, resolved: true, ...(likeShas ? { knownSize: sizeLookup(like.images, likeShas) } : {}) });
  const entry = entryOf(run, like);
  try {
    const ds = await readDatasetCached(source, { ...readOptionsOf(run, config), format: like.format, ...(entry ? { entry } : {}) }, run.cacheDir, role === 'head');
    return { ds, source };
  } catch (e) {
    await source.close();
    throw e;
  }
}

type Read = Awaited<ReturnType<typeof readRevision>> & { sha: string };

/** Start reading `rev` (git I/O, mostly waiting) so it can overlap other work; errors wait for the await. */
function startRead(repo: string, rev: string, like: Dataset, o: CompareOptions, likeShas?: Map<string, string>, role: 'head' | 'base' = 'base'): () => Promise<Read> {
  const p = resolveRev(repo, rev).then(async (sha) => ({ ...(await readRevision(repo, sha, like, o.run, o.config, likeShas, role)), sha }));
  const settled = p.then(
    (v) => ({ v }),
    (e: unknown) => ({ e }),
  );
  return async () => {
    const r = await settled;
    if ('e' in r) throw r.e;
    return r.v;
  };
}

/** Blob SHAs of a revision's images, by path. */
function imageShas({ ds, source }: Read): Map<string, string> {
  const shas = new Map<string, string>();
  for (const img of ds.images) {
    const s = source.blobSha(img.path);
    if (s) shas.set(img.path, s);
  }
  return shas;
}

async function analyzeRead(read: Read, o: CompareOptions, known?: Analysis['records']): Promise<Side> {
  const { ds, source, sha } = read;
  try {
    const shas = imageShas(read);
    const cacheKey = keyOf(ds, (rel) => source.blobSha(rel), o);
    const analysis = await analyze(ds, o.config, { ...analyzeOpts(o.run), blobShas: shas, readBytes: (img) => source.readBytes(img.path), ...(cacheKey ? { cacheKey } : {}), ...(known ? { known } : {}) });
    return { ds, analysis, sha, shas };
  } finally {
    await source.close();
  }
}

export async function compare(o: CompareOptions): Promise<Comparison> {
  const repo = gitTopLevel(o.headDs.root);
  const datasetDir = repo ? path.relative(repo, o.headDs.root).split(path.sep).join('/') : '';
  if ((o.baseRev || o.headRev) && !repo) throw new UsageError(`${o.headDs.root} is not inside a git repository, so there is no revision to compare with.`);

  let head: () => Promise<Side>;
  let headDs = o.headDs;
  let headShas: Map<string, string>;
  let headRecords: RecordTable | undefined;
  let baseRead: (() => Promise<Read>) | undefined;
  let early: DatasetDiff | undefined;
  /** the base side, started while the head's images decode */
  let baseEarly: Promise<BaseSide> | undefined;
  if (o.headRev) {
    const side = await analyzeRead(await startRead(repo!, o.headRev, o.headDs, o, undefined, 'head')(), o);
    head = () => Promise.resolve(side);
    ({ ds: headDs, shas: headShas } = side);
    headRecords = side.analysis.records;
  } else {
    const shas = (headShas = o.headShas ?? workTreeShasOf(o.headDs) ?? (repo ? await workTreeBlobShas(repo, datasetDir) : new Map<string, string>()));
    // the base is read from git while the head is scanned and checked
    if (o.baseRev && repo) baseRead = startRead(repo, o.baseRev, o.headDs, o, shas);
    const cacheKey = keyOf(o.headDs, (rel) => shas.get(rel), o);
    // the store lookups run now, then the decodes and the checks (on the checks worker for a large
    // dataset): meanwhile the base read finishes and the dataset diff (no pixels needed) is made;
    // once the head's records are complete, the base side and drift need not wait for its checks
    const staged = analyzeStaged(o.headDs, o.config, { ...analyzeOpts(o.run), blobShas: shas, ...(cacheKey ? { cacheKey } : {}) });
    const settled = staged.done.then(
      (v) => ({ v }),
      (e: unknown) => ({ e }),
    );
    head = async () => {
      const a = await settled;
      if ('e' in a) throw a.e;
      return { ds: o.headDs, analysis: a.v, shas };
    };
    try {
      // the diff while the head's images decode (the checks start when their records are in)
      if (baseRead) {
        const r = await baseRead().catch(() => undefined); // a failure is raised where the base is used
        if (r) {
          const baseShas = imageShas(r);
          early = diffDatasets(r.ds, o.headDs, { baseShas, headShas: shas });
          // the base side needs none of the images the head still decodes (else it waits for them):
          // its shared images come from the rows the head took from the store
          const rows = await staged.cached;
          if ((rows || o.run.labelsOnly) && !needsPending(baseShas, o.headDs, shas, rows)) {
            baseEarly = baseWithDrift(repo!, o.baseRev!, baseRead, shas, rows, o);
            baseEarly.catch(() => undefined); // raised where it is awaited
          }
        }
      }
      const scanned = await staged.scanned.catch(() => undefined);
      if (!scanned && !o.run.labelsOnly) await head(); // the scan failed: its error now
      headRecords = scanned?.records;
    } catch (e) {
      baseRead?.().then(
        (r) => r.source.close(),
        () => undefined,
      );
      throw e;
    }
  }
  const based = o.baseRev && repo ? await (baseEarly ?? baseWithDrift(repo, o.baseRev, baseRead, headShas, headRecords, o)) : undefined;
  const rest: Omit<Comparison, 'head'> = { datasetDir, ...(repo ? { repo } : {}) };
  if (typeof based?.side === 'string') rest.baseMissing = based.side;
  else if (based?.side) {
    const base = based.side;
    rest.base = base;
    rest.diff = early ?? diffDatasets(base.ds, headDs, { baseShas: base.shas, headShas });
    rest.drift = driftReport(based.drift!, driftInputs(headDs, headRecords));
  }
  return { head: await head(), ...rest };
}

/** Whether a base image's content is among the head's images not yet in `rows` (still to decode). */
export function needsPending(baseShas: Map<string, string>, headDs: Dataset, headShas: Map<string, string>, rows: RecordTable | undefined): boolean {
  if (!rows) return false;
  const pending = new Set<string>();
  for (const img of headDs.images) {
    const h = headShas.get(img.path);
    if (h && img.exists && !rows.has(img.id)) pending.add(h);
  }
  if (!pending.size) return false;
  for (const h of baseShas.values()) if (pending.has(h)) return true;
  return false;
}

interface BaseSide {
  side: Side | string;
  /** the base's drift inputs (with a side) */
  drift?: DriftInputs;
}

async function baseWithDrift(repo: string, rev: string, started: (() => Promise<Read>) | undefined, headShas: Map<string, string>, known: RecordTable | undefined, o: CompareOptions): Promise<BaseSide> {
  const side = await baseSide(repo, rev, started, headShas, known, o);
  return typeof side === 'string' ? { side } : { side, drift: driftInputs(side.ds, side.analysis.records) };
}

/** The base side, or why there is none (the dataset does not exist at base: everything is new). */
async function baseSide(repo: string, rev: string, started: (() => Promise<Read>) | undefined, headShas: Map<string, string>, known: RecordTable | undefined, o: CompareOptions): Promise<Side | string> {
  try {
    return await analyzeRead(await (started ?? startRead(repo, rev, o.headDs, o, headShas))(), o, known);
  } catch (e) {
    if (e instanceof UsageError && /Could not tell the dataset format|is not a file in/.test(e.message))
      return `The dataset was not found at ${rev.slice(0, 12)}: every image and finding counts as new.`;
    throw e;
  }
}
