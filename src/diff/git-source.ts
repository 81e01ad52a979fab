/**
 * A DatasetSource over a git revision: the listing comes from `git ls-tree`, every read from one
 * `git cat-file --batch` process. Nothing in the work tree is read, so the base of a PR can be
 * read from the same checkout as the head.
 *
 * Symlinks in the tree (mode 120000) are resolved inside the tree the way the disk source
 * resolves them on disk: followed when the target stays inside `boundary` (default: the whole
 * repository, as openDataset does), otherwise listed by unsafe() and never read.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { normRel } from '../formats/paths.js';
import type { HeaderSize } from '../formats/image-size.js';
import type { DatasetSource } from '../formats/source.js';
import { CatFile } from './cat-file.js';
import { gitTopLevel, repoPrefix, resolveRev } from './git.js';
import { lsTree, type TreeEntry } from './git-tree.js';
import { blobSource } from './blob-source.js';

export interface GitSourceOptions {
  /** any folder of the work tree */
  repo: string;
  /** commit-ish */
  rev: string;
  /** dataset root: absolute (inside the work tree) or relative to the top level */
  root: string;
  /** links may point anywhere inside this folder (absolute or top-level-relative); default: the whole repository */
  boundary?: string;
  /** image sizes already known by blob SHA (e.g. from the head read): saves reading the blob */
  knownSize?: (sha: string) => HeaderSize | undefined;
  /** `repo` is the top level and `rev` a full commit SHA the caller resolved: no git call to find them again */
  resolved?: boolean;
}

export interface GitSource extends DatasetSource {
  /** full SHA of the commit read */
  readonly commit: string;
  /** top level of the work tree */
  readonly repo: string;
  /** dataset root relative to the top level ('' = top) */
  readonly prefix: string;
  /** blob SHA of every listed file, keyed by dataset-relative path */
  shas(): Map<string, string>;
  /** the listing is the root's own tree, nothing else: no link was followed or refused, no file examined as a link placeholder */
  plainTree(): boolean;
  /** end the cat-file process */
  close(): Promise<void>;
}

const MAX_LINK_HOPS = 8;
/** what disk.ts accepts as the text of a link placeholder */
const PLACEHOLDER = /^[\w./@+-][\w ./@+-]*$/;

function mayBePlaceholder(real: string, e: TreeEntry): boolean {
  return e.size !== undefined && e.size > 0 && e.size <= 512 && real.indexOf('.', real.lastIndexOf('/') + 1) < 0;
}

/** repo-relative path a link at `real` points to; undefined when absolute or above the top */
function resolveTarget(real: string, target: string): string | undefined {
  const dir = real.includes('/') ? real.slice(0, real.lastIndexOf('/')) : '';
  return target.startsWith('/') ? undefined : normRel(dir ? `${dir}/${target}` : target);
}

export async function createGitSource(opts: GitSourceOptions): Promise<GitSource> {
  const repo = opts.resolved ? opts.repo : await gitTopLevel(path.isAbsolute(opts.root) ? nearestDir(opts.root) : opts.repo);
  const commit = opts.resolved && /^[0-9a-f]{40,64}$/.test(opts.rev) ? opts.rev : await resolveRev(repo, opts.rev);
  const prefix = repoPrefix(repo, path.isAbsolute(opts.root) ? opts.root : path.join(repo, opts.root));
  const boundary = opts.boundary === undefined ? '' : repoPrefix(repo, path.isAbsolute(opts.boundary) ? opts.boundary : path.join(repo, opts.boundary));
  const cat = new CatFile(repo);

  const files = new Map<string, string>(); // rel → blob sha
  const unsafe: { path: string; target: string }[] = [];
  const trees = new Map<string, Promise<Map<string, TreeEntry>>>();
  const treeAt = (p: string) => {
    let t = trees.get(p);
    if (!t) trees.set(p, (t = lsTree(repo, commit, p)));
    return t;
  };
  const inBoundary = (p: string) => boundary === '' || p === boundary || p.startsWith(boundary + '/');
  const expanded = new Set<string>([prefix]);

  /** a link was followed or refused, or a file examined as a placeholder (the listing is not the root's tree alone) */
  let linked = false;
  /** add the entries of `tree` (relative to repo folder `at`) under dataset path `under` */
  const addTree = async (tree: Map<string, TreeEntry>, at: string, under: string, hops: number): Promise<void> => {
    // plain files in one tight pass (20,000 of them in a large dataset); links and placeholder
    // candidates (extension-less and tiny) after, in tree order
    const rare: [string, TreeEntry][] = [];
    for (const [rel, e] of tree) {
      if (e.mode === '120000' || mayBePlaceholder(rel === '' ? at : rel, e)) rare.push([rel, e]);
      else files.set(rel === '' ? under : under ? `${under}/${rel}` : rel, e.sha);
    }
    for (const [rel, e] of rare) {
      const ds = rel === '' ? under : under ? `${under}/${rel}` : rel;
      // the repository path only for links and placeholder candidates (not for every file)
      const realOf = () => (rel === '' ? at : at ? `${at}/${rel}` : rel);
      if (e.mode === '120000') await addLink(ds, realOf(), (await cat.read(e.sha)).toString('utf8'), hops);
      else {
        // whether a placeholder is a link depends on the rest of the repository: not a plain tree
        linked = true;
        const placeholder = mayBePlaceholder(rel === '' ? at : rel, e) ? await placeholderTarget(realOf(), e.sha) : undefined;
        if (placeholder !== undefined) await addLink(ds, realOf(), placeholder, hops);
        else files.set(ds, e.sha);
      }
    }
  };

  /** a symlink checked out as a plain file and committed that way (see disk.ts): its target, when it exists in the tree */
  const placeholderTarget = async (real: string, sha: string): Promise<string | undefined> => {
    const text = (await cat.read(sha)).toString('utf8');
    if (!PLACEHOLDER.test(text) || /[\n\r\0]/.test(text) || (!text.includes('/') && !text.startsWith('..'))) return undefined;
    const resolved = resolveTarget(real, text);
    if (resolved === undefined || !inBoundary(resolved)) return text; // reported as unsafe, never read
    return (await treeAt(resolved)).size ? text : undefined;
  };

  const addLink = async (ds: string, real: string, target: string, hops: number): Promise<void> => {
    linked = true;
    const resolved = resolveTarget(real, target);
    if (resolved === undefined || !inBoundary(resolved)) {
      unsafe.push({ path: ds, target });
      return;
    }
    if (hops >= MAX_LINK_HOPS) return;
    // a link to the folder holding it (or above) would list itself forever
    if (resolved === '' || real === resolved || real.startsWith(resolved + '/') || expanded.has(resolved)) return;
    const tree = await treeAt(resolved);
    if (!tree.size) return; // dangling
    if (!tree.has('')) expanded.add(resolved);
    await addTree(tree, resolved, ds, hops + 1);
  };

  try {
    await addTree(await treeAt(prefix), prefix, '', 0);
  } catch (e) {
    await cat.close();
    throw e;
  }
  return blobSource({
    repo,
    commit,
    prefix,
    label: `${opts.rev}:${prefix || '.'}`,
    files,
    list: [...files.keys()].sort(),
    cat,
    ...(opts.knownSize ? { knownSize: opts.knownSize } : {}),
    unsafe: () => [...unsafe],
    plainTree: () => !linked && !unsafe.length,
  });
}

/** The root may not exist in the work tree (a folder only in the base): ask git from its nearest existing parent. */
function nearestDir(p: string): string {
  for (let d = p; ; d = path.dirname(d)) {
    try {
      if (statSync(d).isDirectory()) return d;
    } catch {
      /* keep climbing */
    }
    if (path.dirname(d) === d) return d;
  }
}

/**
 * A `knownSize` lookup from a dataset already read (usually the head, from disk): an image whose
 * blob SHA is unchanged at the other revision need not be read for its size.
 */
export function sizeLookup(
  images: readonly { path: string; width?: number; height?: number; orientation?: number; sizeSource?: 'annotation' | 'file' }[],
  shas: Map<string, string>,
): (sha: string) => HeaderSize | undefined {
  // built on the first question: a read served by its snapshot never asks
  let bySha: Map<string, HeaderSize> | undefined;
  const build = () => {
    const m = new Map<string, HeaderSize>();
    for (const img of images) {
      // only sizes read from the file itself: an annotation's declared size may be wrong
      if (img.sizeSource !== 'file' || !img.width || !img.height) continue;
      const sha = shas.get(img.path);
      if (sha) m.set(sha, img.orientation ? { width: img.width, height: img.height, orientation: img.orientation } : { width: img.width, height: img.height });
    }
    return m;
  };
  return (sha) => (bySha ??= build()).get(sha);
}
