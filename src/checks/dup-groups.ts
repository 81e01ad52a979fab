/**
 * Duplicate groups from duplicate links: the connected components (union-find), each with its
 * members sorted by path, the weakest link kind it needs (exact < pixel < near), its first
 * MAX_LINKS links, its splits and a stable key (hash of the member paths); groups sorted by
 * their first member's path.
 */
import { createHash } from 'node:crypto';
import type { Dataset } from '../model.js';
import type { DupGroup, DupKind, DupLink } from './dup-types.js';

export const MAX_LINKS = 500;
const RANK: Record<DupKind, number> = { exact: 0, pixel: 1, near: 2 };

export const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function groupLinks(ds: Dataset, links: readonly DupLink[]): DupGroup[] {
  // union-find
  const n = ds.images.length;
  const parent = new Int32Array(n).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (const l of links) {
    const ra = find(l.a);
    const rb = find(l.b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const comps = new Map<number, { members: number[]; links: DupLink[]; linkCount: number; kind: DupKind }>();
  for (const l of links) {
    const root = find(l.a);
    let c = comps.get(root);
    if (!c) comps.set(root, (c = { members: [], links: [], linkCount: 0, kind: 'exact' }));
    c.linkCount++;
    if (c.links.length < MAX_LINKS) c.links.push(l);
    if (RANK[l.kind] > RANK[c.kind]) c.kind = l.kind;
  }
  for (let i = 0; i < n; i++) comps.get(find(i))?.members.push(i);

  const splitOrder = new Map(ds.splits.map((s, k) => [s, k]));
  const groups: DupGroup[] = [];
  for (const c of comps.values()) {
    const members = c.members.sort((a, b) => byPath(ds.images[a]!.path, ds.images[b]!.path));
    const splits = [...new Set(members.map((i) => ds.images[i]!.split))].sort((x, y) => (splitOrder.get(x) ?? 1e9) - (splitOrder.get(y) ?? 1e9) || byPath(x, y));
    const key = createHash('sha1')
      .update(members.map((i) => ds.images[i]!.path).join('\n'))
      .digest('hex')
      .slice(0, 16);
    groups.push({ members, kind: c.kind, links: c.links, linkCount: c.linkCount, splits, key });
  }
  groups.sort((x, y) => byPath(ds.images[x.members[0]!]!.path, ds.images[y.members[0]!]!.path));
  return groups;
}
