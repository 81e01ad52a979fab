/**
 * One side of a comparison: a dataset at a git revision, read through git (nothing is checked
 * out; the snapshot a run of the same content left is taken when there is one) and analysed, with
 * images known by their blob SHAs.
 */
import path from 'node:path';
import { analysisKey } from './analysis-cache.js';
import type { QcConfig } from './config/schema.js';
import { readDatasetCached } from './dataset-cache.js';
import { createGitSource, sizeLookup, type GitSource } from './diff/git-source.js';
import { treeOf } from './diff/git-tree.js';
import { repoPrefix, resolveRev } from './diff/git.js';
import { readTreeSnapshot, rememberTree } from './tree-alias.js';
import { analyze, readOptionsOf, type Analysis } from './engine.js';
import type { Dataset } from './model.js';
import type { RunOptions } from './options.js';

export interface Side {
  ds: Dataset;
  analysis: Analysis;
  /** full commit SHA; undefined for the working tree */
  sha?: string;
  /** dataset-relative path → git blob SHA */
  shas: Map<string, string>;
}

/** The analysis cache key of a dataset read with these options (undefined: no cache dir, or not pinned by content). */
export function analysisKeyFor(ds: Dataset, shaOf: (rel: string) => string | undefined, run: RunOptions, config: QcConfig): string | undefined {
  if (!run.cacheDir) return undefined;
  return analysisKey(ds, shaOf, { config, read: readOptionsOf(run, config), format: ds.format, entry: entryOf(run, ds) ?? null, labelsOnly: run.labelsOnly });
}

export const analyzeOptions = (run: RunOptions) => ({
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
async function readRevision(repo: string, rev: string, like: Dataset, run: RunOptions, config: QcConfig, likeShas?: Map<string, string>, role: 'head' | 'base' = 'head'): Promise<{ ds: Dataset; source: GitSource }> {
  const entry = entryOf(run, like);
  const options = { ...readOptionsOf(run, config), format: like.format, ...(entry ? { entry } : {}) };
  // a tree read before comes from its snapshot without being listed (tree-alias.ts)
  const tree = run.cacheDir ? await treeOf(repo, rev, like.root) : undefined;
  if (tree) {
    const prefix = repoPrefix(repo, like.root);
    const known = readTreeSnapshot(run.cacheDir!, { repo, commit: rev, prefix, root: path.join(repo, prefix), tree }, options);
    if (known) return known;
  }
  const source = await createGitSource({ repo, rev, root: like.root, resolved: true, ...(likeShas ? { knownSize: sizeLookup(like.images, likeShas) } : {}) });
  try {
    // a base tree is kept for the next comparison with the same base (a PR's next push)
    const ds = await readDatasetCached(source, options, run.cacheDir, role === 'head', !!tree && role === 'base' && source.plainTree());
    if (tree) rememberTree(run.cacheDir!, tree, options, ds, source);
    return { ds, source };
  } catch (e) {
    await source.close();
    throw e;
  }
}

export type Read = Awaited<ReturnType<typeof readRevision>> & { sha: string };

/** Start reading `rev` (git I/O, mostly waiting) so it can overlap other work; errors wait for the await. */
export function startRead(repo: string, rev: string, like: Dataset, run: RunOptions, config: QcConfig, likeShas?: Map<string, string>, role: 'head' | 'base' = 'base'): () => Promise<Read> {
  const p = resolveRev(repo, rev).then(async (sha) => ({ ...(await readRevision(repo, sha, like, run, config, likeShas, role)), sha }));
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

/** Blob SHAs of a revision's images, by path (once per read: the diff and the analysis both ask). */
export function imageShas(read: Read): Map<string, string> {
  const known = shasOfRead.get(read);
  if (known) return known;
  const { ds, source } = read;
  const shas = new Map<string, string>();
  shasOfRead.set(read, shas);
  for (const img of ds.images) {
    const s = source.blobSha(img.path);
    if (s) shas.set(img.path, s);
  }
  return shas;
}

const shasOfRead = new WeakMap<Read, Map<string, string>>();

/**
 * The side's analysis. known: the other side's records, taken by content hash; recordsOptional:
 * no scan at all when the analysis cache holds the result (the base side reads records only for drift).
 */
export async function analyzeRead(
  read: Read,
  run: RunOptions,
  config: QcConfig,
  { known, recordsOptional = false, pointersFatal = false }: { known?: Analysis['records']; recordsOptional?: boolean; pointersFatal?: boolean } = {},
): Promise<Side> {
  const { ds, source, sha } = read;
  try {
    const shas = imageShas(read);
    const cacheKey = analysisKeyFor(ds, (rel) => source.blobSha(rel), run, config);
    const analysis = await analyze(ds, config, { ...analyzeOptions(run), blobShas: shas, readBytes: (img) => source.readBytes(img.path), ...(cacheKey ? { cacheKey } : {}), ...(known ? { known } : {}), recordsOptional, pointersFatal });
    return { ds, analysis, sha, shas };
  } finally {
    await source.close();
  }
}

