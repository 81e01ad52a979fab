/**
 * A git revision's dataset root as a DatasetSource built from a snapshot's listing instead of
 * `git ls-tree` (tree-alias.ts: the same tree was read before). Every listed file is known by its
 * blob SHA; a read goes to `git cat-file` by that SHA, started only when something is read (a
 * comparison's base usually reads nothing: its records and analysis are cached).
 */
import path from 'node:path';
import { dirSet, normRel } from '../formats/paths.js';
import { sizeFromBytes } from '../formats/image-size.js';
import { CatFile } from './cat-file.js';
import { blobContent, type GitSource } from './git-source.js';

export function treeSnapshotSource(repo: string, commit: string, prefix: string, files: readonly string[], shas: readonly string[]): GitSource {
  const byPath = new Map<string, string>();
  files.forEach((f, i) => shas[i] && byPath.set(f, shas[i]!));
  const list = [...files];
  let dirs: Set<string> | undefined;
  const cat = new CatFile(repo);
  const content = blobContent(repo, cat);
  const label = `${commit}:${prefix || '.'}`;
  const shaOf = (rel: string): string => {
    const sha = byPath.get(rel) ?? byPath.get(normRel(rel) ?? '\0');
    if (sha) return sha;
    const e = new Error(`not a file in ${label}: ${rel}`) as NodeJS.ErrnoException;
    e.code = 'ENOENT';
    throw e;
  };
  return {
    root: path.join(repo, prefix),
    label,
    commit,
    repo,
    prefix,
    list: () => Promise.resolve(list),
    readText: async (rel) => (await content(shaOf(rel))).toString('utf8'),
    readBytes: async (rel) => content(shaOf(rel)),
    async exists(rel) {
      const n = normRel(rel);
      return n !== undefined && (byPath.has(n) || (dirs ??= dirSet(list)).has(n));
    },
    async imageSize(rel) {
      try {
        return sizeFromBytes(await content(shaOf(rel)));
      } catch {
        return undefined;
      }
    },
    blobSha: (rel) => byPath.get(rel) ?? byPath.get(normRel(rel) ?? '\0'),
    unsafe: () => [],
    shas: () => new Map(byPath),
    plainTree: () => true,
    close: () => cat.close(),
  };
}
