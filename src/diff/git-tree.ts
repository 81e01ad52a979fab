/**
 * What git knows of the files under a folder: the blobs of a revision's tree (ls-tree, listed
 * ahead when asked to), and the blob SHAs of the work tree's tracked, unmodified files.
 */
import { git, repoPrefix, resolveRev, splitZ } from './git.js';

export interface TreeEntry {
  sha: string;
  /** '100644', '100755', '120000' (symlink) */
  mode: string;
  size?: number;
}

/** Listings taken from prefetchTree, and trees listed, in this process (tests). */
export const treePrefetch = { taken: 0, listed: 0 };

let early: { repo: string; prefix: string; sha: Promise<string | undefined>; tree: Promise<Map<string, TreeEntry>> } | undefined;

/**
 * Start resolving `rev` and listing its tree under `prefix` now (the base of a comparison: git
 * works while the head is read); the next lsTree of that commit and prefix takes the result.
 */
export function prefetchTree(repo: string, rev: string, prefix: string, skip?: (tree: string) => boolean): void {
  const sha = resolveRev(repo, rev).catch(() => undefined);
  const pre = repoPrefix(repo, prefix);
  // `skip`: the tree will not be listed (a snapshot of it is kept: tree-alias.ts), git is spared the work
  const wanted = skip ? sha.then(async (c) => !c || !skip((await treeOf(repo, c, pre)) ?? '')) : Promise.resolve(true);
  const tree = Promise.all([sha, wanted]).then(([c, w]) => (c && w ? listTree(repo, c, pre) : Promise.reject(new Error('not listed'))));
  tree.catch(() => undefined); // a failure is met (and the listing retried) by the lsTree that takes it
  early = { repo, prefix: pre, sha, tree };
}

/**
 * The SHA of the tree `prefix` names at `rev` (the root tree for ''); undefined when it names
 * nothing, or a file. One short git call, where listing the tree takes thousands of entries.
 */
export function treeOf(repo: string, rev: string, prefix: string): Promise<string | undefined> {
  const pre = repoPrefix(repo, prefix);
  // a commit SHA's tree never changes: asked once per process (the prefetch and the read both ask)
  if (!/^[0-9a-f]{40,64}$/.test(rev)) return lookUpTree(repo, rev, pre);
  const key = `${repo}\0${rev}\0${pre}`;
  let t = trees.get(key);
  if (!t) trees.set(key, (t = lookUpTree(repo, rev, pre)));
  return t;
}

const trees = new Map<string, Promise<string | undefined>>();

async function lookUpTree(repo: string, rev: string, pre: string): Promise<string | undefined> {
  try {
    if (!pre) return /^[0-9a-f]{40,64}$/.exec((await git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{tree}`])).trim())?.[0];
    const [rec] = splitZ(await git(repo, ['--literal-pathspecs', 'ls-tree', '-z', '--full-name', '--end-of-options', rev, '--', pre]));
    const m = rec && /^040000 tree ([0-9a-f]{40,64})\t(.*)$/s.exec(rec);
    return m && m[2] === pre ? m[1] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every blob under `prefix` at `rev` (git ls-tree -r --long), keyed by path relative to the
 * prefix. A file named exactly `prefix` is keyed ''. Submodules are left out.
 */
export async function lsTree(repo: string, rev: string, prefix: string): Promise<Map<string, TreeEntry>> {
  const pre = repoPrefix(repo, prefix);
  const e = early;
  if (e && e.repo === repo && e.prefix === pre && (await e.sha) === rev) {
    if (early === e) early = undefined;
    const tree = await e.tree.catch(() => undefined);
    if (tree) {
      treePrefetch.taken++;
      return tree;
    }
  }
  return listTree(repo, rev, pre);
}

async function listTree(repo: string, rev: string, pre: string): Promise<Map<string, TreeEntry>> {
  treePrefetch.listed++;
  const args = ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--long', '--full-name', '--end-of-options', rev];
  if (pre) args.push('--', pre);
  const out = await git(repo, args);
  const map = new Map<string, TreeEntry>();
  for (const rec of splitZ(out)) {
    // "<mode> <type> <sha> <size, right-aligned>\t<path>": fields by index, no split per record
    const tab = rec.indexOf('\t');
    const s1 = rec.indexOf(' ');
    const s2 = rec.indexOf(' ', s1 + 1);
    const s3 = rec.indexOf(' ', s2 + 1);
    if (tab < 0 || s1 <= 0 || s2 < 0 || s3 < 0 || s3 > tab || rec.slice(s1 + 1, s2) !== 'blob') continue;
    const mode = rec.slice(0, s1);
    const sha = rec.slice(s2 + 1, s3);
    const size = rec.slice(s3 + 1, tab).trim();
    if (!sha) continue;
    const full = rec.slice(tab + 1);
    let rel: string;
    if (!pre) rel = full;
    else if (full === pre) rel = '';
    else if (full.startsWith(pre + '/')) rel = full.slice(pre.length + 1);
    else continue;
    const entry: TreeEntry = { sha, mode };
    if (size && size !== '-') entry.size = Number(size);
    map.set(rel, entry);
  }
  return map;
}

/**
 * Blob SHAs of files under `prefix` that are tracked and unmodified in the working tree (so the
 * SHA is the content hash of the file on disk), keyed by path relative to the prefix. Symlinks,
 * submodules, conflicted and modified files are left out.
 */
export async function workTreeBlobShas(repo: string, prefix: string): Promise<Map<string, string>> {
  const pre = repoPrefix(repo, prefix);
  const spec = pre ? ['--', pre] : [];
  const [staged, status] = await Promise.all([
    git(repo, ['--literal-pathspecs', 'ls-files', '-s', '-z', '--full-name', ...spec]),
    git(repo, ['--literal-pathspecs', '--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=no', '--no-renames', '--ignore-submodules=all', ...spec]),
  ]);
  const dirty = new Set<string>();
  for (const rec of splitZ(status)) {
    // "XY path": Y is the work tree against the index
    if (rec.length > 3 && rec[1] !== ' ') dirty.add(rec.slice(3));
  }
  const map = new Map<string, string>();
  const conflicted = new Set<string>();
  for (const rec of splitZ(staged)) {
    // "<mode> <sha> <stage>\t<path>"
    const tab = rec.indexOf('\t');
    const s1 = rec.indexOf(' ');
    const s2 = rec.indexOf(' ', s1 + 1);
    if (tab < 0 || s1 < 0 || s2 < 0 || s2 > tab) continue;
    const mode = rec.slice(0, s1);
    const sha = rec.slice(s1 + 1, s2);
    const stage = rec.slice(s2 + 1, tab);
    const full = rec.slice(tab + 1);
    if (stage !== '0') {
      conflicted.add(full);
      continue;
    }
    if (!sha || (mode !== '100644' && mode !== '100755') || dirty.has(full)) continue;
    const rel = !pre ? full : full.startsWith(pre + '/') ? full.slice(pre.length + 1) : undefined;
    if (rel !== undefined) map.set(rel, sha);
  }
  for (const c of conflicted) map.delete(pre ? c.slice(pre.length + 1) : c);
  return map;
}
