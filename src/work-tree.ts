/**
 * The dataset in the working tree, as both fronts read it: the config that applies, the reader
 * options, and the read itself, with files known by their git blob SHAs when there is a record
 * store (an unchanged dataset comes from its snapshot; see dataset-cache.ts).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config/load.js';
import type { QcConfig } from './config/schema.js';
import { readDatasetCached } from './dataset-cache.js';
import { workTreeBlobShas } from './diff/git-tree.js';
import { gitTopLevel, openDataset, type ReadOptions } from './formats/read.js';
import type { DatasetSource } from './formats/source.js';
import type { Dataset } from './model.js';
import { UsageError, type RunOptions } from './options.js';
import { prestartDecoders } from './scan/pool.js';
import { resolveSettings } from './scan/settings.js';

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

