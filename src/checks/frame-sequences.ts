/** Frame sequences for dup/static-frames (label-dups.ts): numbered images of one folder, in frame order. */
import type { ImageEntry } from '../model.js';
import { byPath } from './duplicates.js';
import { repeatedPaths } from './same-file.js';

/**
 * Frame sequences: images grouped by folder and the name around their last number (a Roboflow
 * `.rf.<hash>` suffix removed first), sorted by that number; a file listed twice counts once.
 * Sequences of one image are dropped.
 */
export function sequences(images: readonly ImageEntry[]): number[][] {
  const seqs = new Map<string, { i: number; n: number; path: string }[]>();
  // a file listed in two splits is one frame
  const repeated = repeatedPaths(images);
  const seen = new Set<string>();
  for (const img of images) {
    if (repeated.size && repeated.has(img.path)) {
      if (seen.has(img.path)) continue;
      seen.add(img.path);
    }
    const slash = img.path.lastIndexOf('/');
    const dir = img.path.slice(0, slash + 1);
    const base = img.path.slice(slash + 1);
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 ? base.slice(dot) : '';
    const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/\.rf\.[0-9a-f]{16,}$/i, '');
    const m = /^(.*?)(\d+)(\D*)$/.exec(stem);
    if (!m) continue;
    const key = `${dir}\u0000${m[1]}\u0000${m[3]}\u0000${ext.toLowerCase()}`;
    let list = seqs.get(key);
    if (!list) seqs.set(key, (list = []));
    list.push({ i: img.id, n: Number(m[2]), path: img.path });
  }
  return [...seqs.values()]
    .filter((l) => l.length > 1)
    .map((l) => l.sort((x, y) => x.n - y.n || byPath(x.path, y.path)).map((f) => f.i));
}
