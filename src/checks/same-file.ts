/**
 * leak/same-file: one image file listed in two splits — a yaml whose val points at the train
 * folder (Ultralytics' own coco128.yaml does), or any list that names a file under two splits.
 * The model is then evaluated on images it trained on. One finding per split
 * pair, at the file that declares the splits, instead of one duplicate group per image (the two
 * entries are the same file, not copies: duplicates.ts does not link them). Needs no pixels.
 */
import type { QcConfig } from '../config/schema.js';
import { finding, type Finding } from '../findings.js';
import type { Dataset, ImageEntry } from '../model.js';
import { enabled } from './context.js';
import { listPaths, MAX_RELATED } from './dup-describe.js';
import { byPath } from './dup-groups.js';
import { plural } from './robust.js';

export interface SameFileStats {
  /** image files listed in more than one split */
  sameFileImages: number;
}

const repeatedOf = new WeakMap<readonly ImageEntry[], Set<string>>();

/**
 * The image paths listed more than once. Found on 32-bit hashes of the paths first (4 bytes an
 * image: at 1,000,000 images a map of every path would cost ~100 MB), then confirmed on the paths.
 */
export function repeatedPaths(images: readonly ImageEntry[]): Set<string> {
  let out = repeatedOf.get(images);
  if (out) return out;
  const n = images.length;
  const h = new Uint32Array(n);
  for (let i = 0; i < n; i++) h[i] = fnv1a(images[i]!.path);
  const sorted = h.slice().sort();
  const twice = new Set<number>();
  for (let k = 1; k < n; k++) if (sorted[k] === sorted[k - 1]) twice.add(sorted[k]!);
  const seen = new Set<string>();
  out = new Set<string>();
  if (twice.size)
    for (let i = 0; i < n; i++) {
      if (!twice.has(h[i]!)) continue;
      const p = images[i]!.path;
      if (seen.has(p)) out.add(p);
      else seen.add(p);
    }
  repeatedOf.set(images, out);
  return out;
}

function fnv1a(s: string): number {
  let x = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 0x01000193);
  return x >>> 0;
}

export function sameFileLeakage(ds: Pick<Dataset, 'images' | 'splits' | 'source'>, cfg: QcConfig): { stats: SameFileStats; findings: Finding[] } {
  const repeated = repeatedPaths(ds.images);
  const splitsOf = new Map<string, string[]>();
  if (repeated.size)
    for (const img of ds.images) {
      if (!repeated.has(img.path)) continue;
      const l = splitsOf.get(img.path);
      if (!l) splitsOf.set(img.path, [img.split]);
      else if (!l.includes(img.split)) l.push(img.split);
    }
  const order = new Map(ds.splits.map((s, k) => [s, k]));
  const rank = (s: string) => order.get(s) ?? 1e9;
  const byPair = new Map<string, { a: string; b: string; paths: string[] }>();
  let sameFileImages = 0;
  for (const [p, splits] of splitsOf) {
    if (splits.length < 2) continue;
    sameFileImages++;
    splits.sort((x, y) => rank(x) - rank(y) || byPath(x, y));
    for (let x = 0; x < splits.length; x++)
      for (let y = x + 1; y < splits.length; y++) {
        const key = `${splits[x]}|${splits[y]}`;
        const e = byPair.get(key) ?? byPair.set(key, { a: splits[x]!, b: splits[y]!, paths: [] }).get(key)!;
        e.paths.push(p);
      }
  }
  const sev = cfg.thresholds.leakage.duplicates;
  const findings: Finding[] = [];
  if (enabled(sev))
    for (const [key, { a, b, paths }] of [...byPair].sort((x, y) => byPath(x[0], y[0]))) {
      paths.sort(byPath);
      findings.push(
        finding({
          check: 'leak/same-file',
          severity: sev,
          ...(ds.source !== undefined ? { path: ds.source } : { path: paths[0]! }),
          key,
          related: paths.slice(0, MAX_RELATED),
          message:
            `Splits '${a}' and '${b}' both list the same ${plural(paths.length, 'image file')} (${listPaths(paths, 3)}): ` +
            `scores on '${b}' are measured on images the model trained on. Point each split at its own images.`,
          data: { splits: [a, b], images: paths.length },
        }),
      );
    }
  return { stats: { sameFileImages }, findings };
}
