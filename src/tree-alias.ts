/**
 * Tree aliases: the snapshot key (dataset-cache.ts) of the dataset read from a git tree, by the
 * tree's SHA. One tree SHA is one set of files with one content each, so a comparison whose base
 * tree was read before (the next push to a PR, `dataset-qc diff main` run again) takes its base
 * from the snapshot without listing the tree: no `git ls-tree -r --long` of 20,000 entries, no
 * listing hashed again (0.08 s of a warm PR run: median of 20 alternating runs). Only a read
 * whose listing is the root's own tree (no link followed or refused: one outside the tree could
 * change with it unchanged) is aliased, and only once its snapshot is stored.
 *
 * Layout: <cacheDir>/trees/<tree SHA>-<options digest>.json.gz → { dataset: snapshot key }
 * (gz-cache.ts: the newest KEEP stay).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { listingKeyOf, loadSnapshot, noteListingKey, optionsDigest } from './dataset-cache.js';
import { treeSnapshotSource } from './diff/tree-source.js';
import type { GitSource } from './diff/git-source.js';
import type { ReadOptions } from './formats/read.js';
import { hasEntry, loadEntry, saveEntry } from './gz-cache.js';
import type { Dataset } from './model.js';

const KIND = 'trees';
const KEEP = 64;

const aliasOf = (tree: string, options: ReadOptions): string | undefined => {
  const digest = optionsDigest(options);
  return digest && `${tree}-${digest}`;
};

/** The dataset of this tree as a snapshot left it, with a source over the same blobs; undefined when none is kept. */
export function readTreeSnapshot(
  cacheDir: string,
  at: { repo: string; commit: string; prefix: string; root: string; tree: string },
  options: ReadOptions,
): { ds: Dataset; source: GitSource } | undefined {
  const alias = aliasOf(at.tree, options);
  const key = alias && loadEntry(cacheDir, KIND, alias, (v): v is Record<string, unknown> & { dataset: string } => typeof v.dataset === 'string' && /^[0-9a-f]{40}$/.test(v.dataset))?.dataset;
  const snap = key ? loadSnapshot(cacheDir, key, at.root) : undefined;
  if (!key || !snap?.ds.files || snap.shas.length !== snap.ds.files.length) return undefined;
  noteListingKey(snap.ds, key);
  return { ds: snap.ds, source: treeSnapshotSource(at.repo, at.commit, at.prefix, snap.ds.files, snap.shas) };
}

/** Whether some snapshot of this tree is kept (with any reader options): its listing may not be needed. */
export function treeKnown(cacheDir: string, tree: string): boolean {
  try {
    return !!tree && readdirSync(path.join(cacheDir, KIND)).some((f) => f.startsWith(`${tree}-`));
  } catch {
    return false;
  }
}

/** After a read of the whole tree (`source.plainTree()`): its snapshot, if stored, is this tree's from now on. */
export function rememberTree(cacheDir: string, tree: string, options: ReadOptions, ds: Dataset, source: GitSource): void {
  const key = listingKeyOf(ds);
  const alias = aliasOf(tree, options);
  if (!key || !alias || !source.plainTree() || !hasEntry(cacheDir, 'datasets', key)) return;
  saveEntry(cacheDir, KIND, alias, { dataset: key }, KEEP);
}
