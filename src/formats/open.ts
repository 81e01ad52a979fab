/**
 * openDataset: a dataset named by a path on disk (a folder, a dataset yaml or a COCO json): finds
 * its root and the reader options the path implies, then reads it (readDataset, read.ts) from the
 * disk source, walking the folders while git lists the blob SHAs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Dataset } from '../model.js';
import { UsageError } from '../options.js';
import { createDiskSource, startWalk } from './disk.js';
import { extOf, isInside, normRel } from './paths.js';
import { readDataset, type ReadOptions } from './read.js';
import type { DatasetSource } from './source.js';

/** Folder of the git work tree holding `dir`, if any. */
export function gitTopLevel(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Open a dataset on disk. `pathArg` is a folder, a dataset yaml, or a COCO json. The root is the
 * folder (for a yaml: the folder its `path` names, else its own folder; for a json in
 * annotations/: that folder's parent).
 */
export interface OpenHooks {
  /** blob SHAs of the root's tracked, unmodified files: the disk source reports them (content keys) */
  shas?: (root: string) => Promise<ReadonlyMap<string, string>>;
  /** how to read the opened source (default readDataset; the engine passes the cached read) */
  read?: (source: DatasetSource, opts: ReadOptions) => Promise<Dataset>;
}

export async function openDataset(pathArg: string, opts: Omit<ReadOptions, 'entry'> = {}, hooks: OpenHooks = {}): Promise<Dataset> {
  const abs = path.resolve(pathArg);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `Dataset path not found: ${pathArg}. Pass the dataset folder, its data.yaml, or a COCO json.`
        : `Cannot read ${pathArg} (${code ?? (e as Error).message}). Check that the path exists and is readable.`,
    );
  }
  let root = abs;
  const read: ReadOptions = { ...opts };
  if (st.isFile()) {
    const ext = extOf(abs);
    const dir = path.dirname(abs);
    if (ext === 'yaml' || ext === 'yml') {
      const text = readText(abs, pathArg);
      let y: unknown;
      try {
        y = parseYaml(text);
      } catch (e) {
        throw new UsageError(`${pathArg} is not valid YAML (${(e as Error).message.split('\n')[0]}). Fix it or point at the dataset folder.`);
      }
      if (!y || typeof y !== 'object' || Array.isArray(y)) throw new UsageError(`${pathArg} is not a YAML mapping; a dataset yaml needs keys such as names, train and val.`);
      const p = (y as { path?: unknown }).path;
      const target = typeof p === 'string' && p.trim() ? path.resolve(dir, p.trim()) : dir;
      if (target !== dir && !isInside(dir, target) && existsSync(target) && statSync(target).isDirectory()) {
        root = target;
        read.yamlOutside = { name: path.basename(abs), text };
      } else {
        root = dir;
        read.entry = path.basename(abs);
      }
      read.format ??= 'yolo';
    } else if (ext === 'json') {
      root = /^annotations$/i.test(path.basename(dir)) ? path.dirname(dir) : dir;
      read.entry = normRel(path.relative(root, abs).split(path.sep).join('/'))!;
      read.format ??= 'coco';
    } else {
      throw new UsageError(`${pathArg} is a file; pass the dataset folder, its data.yaml, or a COCO json.`);
    }
  } else if (!st.isDirectory()) {
    throw new UsageError(`${pathArg} is neither a folder nor a file.`);
  }
  const boundary = opts.boundary ?? gitTopLevel(root) ?? path.dirname(root);
  try {
    // the folders are walked while git lists the blob SHAs
    const walk = hooks.shas ? startWalk(root, boundary) : undefined;
    const source = createDiskSource(root, boundary, hooks.shas ? await hooks.shas(root) : undefined, walk);
    return await (hooks.read ?? readDataset)(source, read);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`Cannot read the dataset folder ${pathArg} (${code}). Check its permissions.`);
    throw e;
  }
}

function readText(abs: string, shown: string): string {
  try {
    return readFileSync(abs, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read ${shown} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
}

