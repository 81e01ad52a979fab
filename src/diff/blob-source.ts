/**
 * DatasetSources over git blobs known by SHA (a revision's tree: git-source.ts; a snapshot's
 * listing of one: tree-source.ts): reads go to one `git cat-file --batch` process by SHA.
 */
import path from 'node:path';
import { dirSet, normRel } from '../formats/paths.js';
import { sizeFromBytes, type HeaderSize } from '../formats/image-size.js';
import { lfsObject, lfsPointer } from '../scan/lfs.js';
import type { CatFile } from './cat-file.js';
import { git } from './git.js';
import type { GitSource } from './git-source.js';

/**
 * The source over a listing of blobs (path → blob SHA, `list` in listing order): reads go to one
 * `git cat-file` process by SHA; image sizes are cached by SHA (or `knownSize`, without a read).
 */
export function blobSource(o: {
  repo: string;
  commit: string;
  prefix: string;
  label: string;
  files: Map<string, string>;
  list: string[];
  cat: CatFile;
  knownSize?: (sha: string) => HeaderSize | undefined;
  unsafe: () => { path: string; target: string }[];
  plainTree: () => boolean;
}): GitSource {
  const { files, list, label } = o;
  let dirs: Set<string> | undefined;
  const sizes = new Map<string, Promise<HeaderSize | undefined>>();
  const shaOf = (rel: string): string => {
    const sha = files.get(rel) ?? files.get(normRel(rel) ?? '\0');
    if (!sha) {
      const e = new Error(`not a file in ${label}: ${rel}`) as NodeJS.ErrnoException;
      e.code = 'ENOENT';
      throw e;
    }
    return sha;
  };
  const content = blobContent(o.repo, o.cat);
  const readBlob = async (rel: string) => content(shaOf(rel));
  return {
    root: path.join(o.repo, o.prefix),
    label,
    commit: o.commit,
    repo: o.repo,
    prefix: o.prefix,
    async list() {
      return list;
    },
    async readText(rel) {
      return (await readBlob(rel)).toString('utf8');
    },
    async readBytes(rel) {
      return readBlob(rel);
    },
    async exists(rel) {
      const n = normRel(rel);
      return n !== undefined && (files.has(n) || (dirs ??= dirSet(list)).has(n));
    },
    imageSize(rel) {
      let sha: string;
      try {
        sha = shaOf(rel);
      } catch {
        return Promise.resolve(undefined);
      }
      let s = sizes.get(sha);
      if (!s) {
        const known = o.knownSize?.(sha);
        s = known ? Promise.resolve(known) : content(sha).then(sizeFromBytes, () => undefined);
        sizes.set(sha, s);
      }
      return s;
    },
    blobSha(rel) {
      return files.get(rel) ?? files.get(normRel(rel) ?? '\0');
    },
    unsafe: o.unsafe,
    shas() {
      return new Map(files);
    },
    plainTree: o.plainTree,
    close() {
      return o.cat.close();
    },
  };
}

/**
 * A blob's content by SHA. A file tracked by Git LFS is a pointer in the tree: its content comes
 * from the local LFS store when it was fetched (else the pointer, which the scan reports as one:
 * scan/lfs.ts).
 */
export function blobContent(repo: string, cat: CatFile): (sha: string) => Promise<Buffer> {
  let gitDir: Promise<string> | undefined;
  return async (sha) => {
    const bytes = await cat.read(sha);
    const pointer = lfsPointer(bytes);
    if (!pointer) return bytes;
    gitDir ??= git(repo, ['rev-parse', '--git-common-dir']).then((d) => path.resolve(repo, d.trim()));
    return lfsObject(await gitDir, pointer) ?? bytes;
  };
}
