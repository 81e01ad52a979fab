/** Words for duplicate groups: the image list, one sentence per group, and the finding data. */
import type { DupGroup } from './duplicates.js';
import type { ImageContext } from './images.js';
import { plural } from './robust.js';

export const MAX_RELATED = 100;
const MAX_NAMED = 8;

/** "a.jpg, b.jpg and 3 more" */
export function listPaths(paths: string[], max = MAX_NAMED): string {
  if (paths.length <= max) return paths.length > 1 ? `${paths.slice(0, -1).join(', ')} and ${paths[paths.length - 1]}` : (paths[0] ?? '');
  return `${paths.slice(0, max).join(', ')} and ${paths.length - max} more`;
}

/** One sentence naming the images of a group and how they are linked. */
export function describeGroup(ix: ImageContext, g: DupGroup): string {
  const { ds } = ix.cx;
  // a file listed in two splits is a member twice (same-file.ts), named once
  const paths = [...new Set(g.members.map((i) => ds.images[i]!.path))];
  const names = listPaths(paths);
  const count = plural(paths.length, 'image');
  if (g.kind === 'exact') return `${count} are byte-identical copies: ${names}.`;
  if (g.kind === 'pixel') return `${count} have identical pixels in different files (re-encoded or different metadata): ${names}.`;
  const near = g.links.filter((l) => l.kind === 'near');
  const ds_ = near.map((l) => l.distance);
  const lo = Math.min(...ds_);
  const hi = Math.max(...ds_);
  const dist = lo === hi ? `distance ${lo}` : `distances ${lo}–${hi}`;
  const turned = near.filter((l) => l.via === 'transformed').length;
  const d4 = near.filter((l) => l.via === 'd4').length;
  const copies = g.links.length - near.length;
  const extra = [
    turned ? (turned === near.length && near.length === 1 ? 'matched after rotating or mirroring one of them' : `${plural(turned, 'pair')} matched only after rotating or mirroring`) : '',
    d4 ? `${plural(d4, 'pair')} matched by the rotation/flip-invariant hash` : '',
    copies ? `${plural(copies, 'pair')} of exact or pixel-identical copies among them` : '',
  ].filter(Boolean);
  return `${count} are near duplicates (pHash Hamming ${dist} of 64 bits${extra.length ? `; ${extra.join('; ')}` : ''}): ${names}.`;
}

export function groupData(ix: ImageContext, g: DupGroup): Record<string, unknown> {
  const { ds } = ix.cx;
  const p = (i: number) => ds.images[i]!.path;
  return {
    kind: g.kind,
    images: g.members.slice(0, MAX_RELATED).map((i) => ({ path: p(i), split: ds.images[i]!.split })),
    size: g.members.length,
    links: g.links.slice(0, 50).map((l) => ({ a: p(l.a), b: p(l.b), kind: l.kind, distance: l.distance, ...(l.flipped ? { flipped: true } : {}), ...(l.via ? { via: l.via } : {}) })),
    linkCount: g.linkCount,
  };
}
