/** Small helpers for dataset-relative POSIX paths, text positions and split ordering. */
import path from 'node:path';

export const IMAGE_EXTS = new Set(['jpg', 'jpeg', 'png', 'bmp', 'webp', 'tif', 'tiff', 'gif', 'dng', 'mpo', 'pfm', 'heic', 'avif']);

/** Lower-case extension without the dot ('' when none). */
export function extOf(p: string): string {
  const slash = p.lastIndexOf('/');
  const dot = p.lastIndexOf('.');
  return dot > slash + 1 ? p.slice(dot + 1).toLowerCase() : '';
}

export function isImagePath(p: string): boolean {
  return IMAGE_EXTS.has(extOf(p));
}

export function stripExt(p: string): string {
  const slash = p.lastIndexOf('/');
  const dot = p.lastIndexOf('.');
  return dot > slash + 1 ? p.slice(0, dot) : p;
}

export function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function joinRel(...parts: string[]): string {
  return parts.filter((p) => p !== '' && p !== '.').join('/');
}

/**
 * Normalise a relative POSIX path ('a/./b/../c' → 'a/c'). Returns undefined when it is absolute
 * or climbs above the root, so no caller can be tricked into reading outside the dataset.
 */
export function normRel(p: string): string | undefined {
  const s = p.replace(/\\/g, '/');
  if (s.startsWith('/') || /^[A-Za-z]:\//.test(s)) return undefined;
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

/** True when `child` (absolute) is `parent` or lies inside it. */
export function isInside(parent: string, child: string): boolean {
  const r = path.relative(parent, child);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/** 1-based line (and column) of a character offset, with one scan of the text per call. */
export function lineOfOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: end - last };
}

/** Line-start table for many lookups in one text. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function splitRank(name: string): number {
  if (/^train/i.test(name)) return 0;
  if (/^val/i.test(name)) return 1;
  if (/^test/i.test(name)) return 2;
  return name === '' ? 4 : 3;
}

/** train*, val*, test*, others, then '' (images in no split). */
export function compareSplits(a: string, b: string): number {
  return splitRank(a) - splitRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Files under a folder (prefix + '/') in a sorted list, found by binary search. */
export function filesUnder(sorted: string[], dir: string): string[] {
  if (dir === '') return sorted;
  const prefix = dir + '/';
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}

/** Set of every folder that holds a listed file (and their parents), '' included. */
export function dirSet(files: string[]): Set<string> {
  const dirs = new Set<string>(['']);
  for (const f of files) {
    let d = dirOf(f);
    while (d !== '' && !dirs.has(d)) {
      dirs.add(d);
      d = dirOf(d);
    }
  }
  return dirs;
}

/** Run `fn` over items with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
