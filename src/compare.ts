/**
 * Two sides of a comparison: the dataset at head (the working tree, or a git revision) and at
 * base (a git revision), each analysed by the same engine. Content hashes are git blob SHAs, so
 * an image the record store has seen at either side is never read, let alone decoded.
 */
import path from 'node:path';
import type { QcConfig } from './config/schema.js';
import { diffDatasets, type DatasetDiff } from './diff/dataset-diff.js';
import { driftInputs, driftReport, presorted, withRecords, type DriftReport, type SortedDriftInputs } from './diff/drift.js';
import { workTreeBlobShas } from './diff/git-tree.js';
import { analyzeStaged, workTreeShasOf } from './engine.js';
import { gitTopLevel } from './formats/read.js';
import { analysisKeyFor, analyzeOptions, analyzeRead, imageShas, startRead, type Read, type Side } from './revision.js';
import type { Dataset } from './model.js';
import type { RecordTable } from './scan/record-table.js';
import { UsageError, type RunOptions } from './options.js';

export type { Side } from './revision.js';

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
  let headLabelDrift: SortedDriftInputs | undefined;
  if (o.headRev) {
    const side = await analyzeRead(await startRead(repo!, o.headRev, o.headDs, o.run, o.config, undefined, 'head')(), o.run, o.config, { pointersFatal: true });
    head = () => Promise.resolve(side);
    ({ ds: headDs, shas: headShas } = side);
    headRecords = side.analysis.records;
  } else {
    const shas = (headShas = o.headShas ?? workTreeShasOf(o.headDs) ?? (repo ? await workTreeBlobShas(repo, datasetDir) : new Map<string, string>()));
    // the base is read from git while the head is scanned and checked
    if (o.baseRev && repo) baseRead = startRead(repo, o.baseRev, o.headDs, o.run, o.config, shas);
    const cacheKey = analysisKeyFor(o.headDs, (rel) => shas.get(rel), o.run, o.config);
    // the store lookups run now, then the decodes and the checks (on the checks worker for a large
    // dataset): meanwhile the base read finishes, the dataset diff (no pixels needed) is made and
    // the base side is analysed; drift needs the head's records, never its checks
    const staged = analyzeStaged(o.headDs, o.config, { ...analyzeOptions(o.run), blobShas: shas, pointersFatal: true, ...(cacheKey ? { cacheKey } : {}) });
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
      // the diff and the base side while the head's images decode (the checks start when their records are in)
      if (baseRead) {
        const r = await baseRead().catch(() => undefined); // a failure is raised where the base is used
        if (r) {
          const baseShas = imageShas(r);
          early = diffDatasets(r.ds, o.headDs, { baseShas, headShas: shas });
          // the base side needs none of the images the head still decodes (else it waits for them):
          // its shared images come from the rows the head took from the store. (An untracked head
          // file, hashed from its bytes, is not known to be pending: at worst decoded twice.)
          const rows = await staged.fromStore;
          if ((rows || o.run.labelsOnly) && !needsPending(baseShas, o.headDs, shas, rows)) {
            baseEarly = baseWithDrift(repo!, o.baseRev!, baseRead, shas, rows, o);
            baseEarly.catch(() => undefined); // raised where it is awaited
          }
        }
      }
      // the head's label-side drift inputs, sorted, while its images decode (their statistics join after)
      if (o.baseRev && repo) headLabelDrift = presorted(driftInputs(o.headDs));
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
    rest.drift = driftReport(based.drift!, headLabelDrift ? withRecords(headLabelDrift, headRecords) : driftInputs(headDs, headRecords));
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
  /** the base's drift inputs (with a side), samples sorted */
  drift?: SortedDriftInputs;
}

async function baseWithDrift(repo: string, rev: string, started: (() => Promise<Read>) | undefined, headShas: Map<string, string>, known: RecordTable | undefined, o: CompareOptions): Promise<BaseSide> {
  const side = await baseSide(repo, rev, started, headShas, known, o);
  // sorted now: this runs while the head's images decode, the report waits for drift later
  return typeof side === 'string' ? { side } : { side, drift: presorted(driftInputs(side.ds, side.analysis.records ?? side.analysis.imageStats)) };
}

/** The base side, or why there is none (the dataset does not exist at base: everything is new). */
async function baseSide(repo: string, rev: string, started: (() => Promise<Read>) | undefined, headShas: Map<string, string>, known: RecordTable | undefined, o: CompareOptions): Promise<Side | string> {
  try {
    return await analyzeRead(await (started ?? startRead(repo, rev, o.headDs, o.run, o.config, headShas))(), o.run, o.config, { ...(known ? { known } : {}), recordsOptional: true });
  } catch (e) {
    if (e instanceof UsageError && /Could not tell the dataset format|is not a file in/.test(e.message))
      return `The dataset was not found at ${rev.slice(0, 12)}: every image and finding counts as new.`;
    throw e;
  }
}
