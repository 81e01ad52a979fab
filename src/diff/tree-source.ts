/**
 * A git revision's dataset root as a DatasetSource built from a snapshot's listing instead of
 * `git ls-tree` (tree-alias.ts: the same tree was read before). Every listed file is known by its
 * blob SHA; a read goes to `git cat-file` by that SHA, started only when something is read (a
 * comparison's base usually reads nothing: its records and analysis are cached).
 */
import { CatFile } from './cat-file.js';
import { blobSource } from './blob-source.js';
import type { GitSource } from './git-source.js';

export function treeSnapshotSource(repo: string, commit: string, prefix: string, files: readonly string[], shas: readonly string[]): GitSource {
  const byPath = new Map<string, string>();
  files.forEach((f, i) => shas[i] && byPath.set(f, shas[i]!));
  return blobSource({ repo, commit, prefix, label: `${commit}:${prefix || '.'}`, files: byPath, list: [...files], cat: new CatFile(repo), unsafe: () => [], plainTree: () => true });
}
