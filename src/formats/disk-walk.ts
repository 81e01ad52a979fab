/**
 * The one walk of a dataset folder behind the disk source (disk.ts): every regular file, sorted,
 * with links followed when their real target stays inside the boundary. A link to the folder
 * holding it (or above) is never followed; a folder is listed through one link at most (the first
 * in git's tree order, which is how the git source meets them); a folder also walked directly is
 * listed under both paths. A symlink git checked out as a plain file (a placeholder) is followed
 * like the link.
 */
import { readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from './paths.js';

const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__MACOSX']);

export interface Walk {
  /** the root's real path */
  realRoot: string;
  files: string[];
  dirs: Set<string>;
  /** rel folder → real absolute folder, for folders reached through a link */
  linked: Map<string, string>;
  /** rel file → real absolute file, for files that are links */
  linkedFiles: Map<string, string>;
  unsafe: { path: string; target: string }[];
}

export async function walkTree(absRoot: string, absBoundary: string): Promise<Walk> {
  const w: Walk = { realRoot: absRoot, files: [], dirs: new Set(['']), linked: new Map(), linkedFiles: new Map(), unsafe: [] };
  let realRoot: string;
  let realBoundary: string;
  try {
    realRoot = w.realRoot = await realpath(absRoot);
    realBoundary = await realpath(absBoundary).catch(() => absBoundary);
  } catch (e) {
    throw Object.assign(new Error(`cannot read the dataset folder ${absRoot}: ${(e as Error).message}`), { code: (e as NodeJS.ErrnoException).code });
  }
  /** folders already listed through a link */
  const followed = new Set<string>();

  /** a link at `rel`, in real folder `realDir`, to `realTarget` */
  const follow = async (rel: string, realDir: string, realTarget: string, shown: string) => {
    if (!isInside(realBoundary, realTarget)) {
      w.unsafe.push({ path: rel, target: shown });
      return;
    }
    let st;
    try {
      st = await stat(realTarget);
    } catch {
      return; // dangling link inside the boundary: nothing to list
    }
    if (st.isDirectory()) {
      // a link to the folder holding it (or above) would list itself forever, and a folder is
      // listed through one link at most (the first in tree order: a bound on what links can make
      // us list); a folder also walked directly is listed under both paths, as in git-source.ts
      // (coco128's object_detection/images → ../images, read from the repository's top)
      if (isInside(realTarget, realDir) || followed.has(realTarget)) return;
      followed.add(realTarget);
      w.linked.set(rel, realTarget);
      w.dirs.add(rel);
      await visit(realTarget, rel);
    } else if (st.isFile()) {
      w.linkedFiles.set(rel, realTarget);
      w.files.push(rel);
    }
  };

  const visit = async (realDir: string, relDir: string): Promise<void> => {
    const entries = await readdir(realDir, { withFileTypes: true });
    // links are met in git's tree order (folders sort as "name/"), so that disk and git follow the
    // same link when two lead to one folder; a folder of plain files needs no order
    if (entries.some((e) => e.isDirectory() || e.isSymbolicLink() || !e.name.includes('.'))) {
      const key = (e: (typeof entries)[number]) => (e.isDirectory() ? `${e.name}/` : e.name);
      entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    }
    for (const e of entries) {
      const name = e.name;
      const rel = relDir ? `${relDir}/${name}` : name;
      // realDir is a resolved absolute path and name one entry: no join needed (20,000 entries)
      const abs = realDir.endsWith(path.sep) ? realDir + name : realDir + path.sep + name;
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(name)) continue;
        w.dirs.add(rel);
        await visit(abs, rel);
      } else if (e.isFile()) {
        const target = name.includes('.') ? undefined : await placeholderTarget(abs);
        if (target) await follow(rel, realDir, await realpath(path.resolve(realDir, target)).catch(() => path.resolve(realDir, target)), target);
        else w.files.push(rel);
      } else if (e.isSymbolicLink()) {
        const shown = await readlink(abs).catch(() => '?');
        const real = await realpath(abs).catch(() => path.resolve(realDir, shown));
        await follow(rel, realDir, real, shown);
      }
    }
  };

  await visit(realRoot, '');
  w.files.sort();
  return w;
}

/**
 * A symlink that git checked out as a plain file (core.symlinks=false) holds its target path
 * and nothing else. Treat it as a link only when that target exists.
 */
async function placeholderTarget(abs: string): Promise<string | undefined> {
  try {
    const st = await stat(abs);
    if (st.size === 0 || st.size > 512) return undefined;
    const text = await readFile(abs, 'utf8');
    if (/[\n\r\0]/.test(text) || !/^[\w./@+-][\w ./@+-]*$/.test(text) || !text.includes('/') && !text.startsWith('..')) return undefined;
    const target = path.resolve(path.dirname(abs), text);
    await stat(target);
    return text;
  } catch {
    return undefined;
  }
}
