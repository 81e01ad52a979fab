/**
 * Duplicate images, found on the scan records and grouped with union-find:
 *   - exact: the same content hash (the same bytes on two paths);
 *   - pixel: the same decoded pixels (pixelHash) in different files (re-encoded losslessly,
 *     different metadata);
 *   - near: 64-bit pHash within thresholds.nearDuplicateRadius (re-encoded, resized, slightly
 *     cropped, brightness-shifted copies) and — with duplicates.flips — mirrored and rotated
 *     copies: every pHash against the rotations/flips of the others (transformHash, computed from
 *     the hash bits) and DataEval's D4-minimum hashes, both within the same radius. Near-uniform
 *     images (record.lowVariance) are never paired as near duplicates: their hash bits are decided
 *     by noise. The search is findNearPairs (exact, sub-quadratic).
 *     Radius 8 (the default) measured on 40–60 coco128 images and planted copies: re-encoded
 *     (q60) ≤ 2 bits, resized ½ ≤ 6, 8-px crop ≤ 8, 2 % crop ≤ 10 (median 6), brightness ±20–30 %
 *     ≤ 6, mirrored/rotated ≤ 12 via the transforms (58–60 of 60 within 8; 59–60 adding the D4
 *     minimum, which alone finds 48–55);
 *     on ../shared/datasets no two distinct COCO photos come within 10 bits, while burst shots of
 *     one aquarium scene sit at 6–8 and copies at 0–4.
 * A group is a connected component of those links; its kind is the weakest link it needs
 * (exact < pixel < near). Groups inside one split are reported here (dup/<kind>, one finding per
 * group, path = first member by path, related = the others); groups spanning splits are leakage
 * (leakage.ts).
 */
import { createHash } from 'node:crypto';
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import type { ImageRecord } from '../scan/types.js';
import { findCrossPairs, findNearPairs } from '../scan/near-index.js';
import { enabled } from './context.js';
import type { ImageContext } from './images.js';
import { plural } from './robust.js';

export type DupKind = 'exact' | 'pixel' | 'near';

/** One duplicate link between two images (Dataset.images indexes, a < b). */
export interface DupLink {
  a: number;
  b: number;
  kind: DupKind;
  /** Hamming distance of the pHashes (0 for exact and pixel links) */
  distance: number;
  /** found only against a rotation/flip of the other hash: one image is probably a rotated or mirrored copy */
  flipped: boolean;
  /** how a near link was found: the pHashes directly, one pHash against a rotated/flipped other, the D4-minimum hashes */
  via?: NearVia;
  /** via 'transformed': image a ≈ transform t of image b (t as in transformHash) */
  transform?: number;
}

export type NearVia = 'direct' | 'transformed' | 'd4';

export interface DupGroup {
  /** image indexes, sorted by path */
  members: number[];
  kind: DupKind;
  /** the links that connect the group (at most MAX_LINKS kept) */
  links: DupLink[];
  /** total number of links found in the group */
  linkCount: number;
  /** splits of the members, in dataset order */
  splits: string[];
  /** stable key: hash of the sorted member paths */
  key: string;
}

export interface DuplicateStats {
  /** images with a usable record (decoded) */
  scanned: number;
  /** of them, near-uniform images left out of the near-duplicate search */
  lowVariance: number;
  radius: number;
  flips: boolean;
  /** groups by kind (all splits) and the images in them */
  exactGroups: number;
  pixelGroups: number;
  nearGroups: number;
  imagesInGroups: number;
  /** near-duplicate pairs found by the pHash / only by the rotation-invariant hash */
  nearPairs: number;
  flippedPairs: number;
  /** groups whose members sit in more than one split (reported as leak/duplicate) */
  crossSplitGroups: number;
  /** near pairs (same orientation) by pHash distance: distance → pairs */
  nearDistanceHistogram: Record<string, number>;
}

export interface DuplicateAnalysis {
  groups: DupGroup[];
  stats: DuplicateStats;
}

const MAX_LINKS = 500;
/**
 * Rotated/mirrored copies are searched with every pHash against the 7 rotations/flips of the others
 * up to this many scanned images (8 hashes per image: 1.3 s for 25,000 random hashes here), against
 * the horizontal mirror only (the usual augmentation) up to MIRROR_UP_TO, and beyond that only
 * through the D4-minimum hashes.
 */
export const ALL_TRANSFORMS_UP_TO = 25_000;
export const MIRROR_UP_TO = 500_000;
const RANK: Record<DupKind, number> = { exact: 0, pixel: 1, near: 2 };

export const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function findDuplicates(ix: ImageContext): DuplicateAnalysis {
  const { ds, cfg } = ix.cx;
  const n = ds.images.length;
  const radius = cfg.thresholds.nearDuplicateRadius;
  const flips = cfg.thresholds.duplicates.flips;
  const rec = (i: number): ImageRecord | undefined => {
    const r = ix.records[i];
    return r && !r.error && ds.images[i]?.exists !== false ? r : undefined;
  };
  const links: DupLink[] = [];
  let scanned = 0;
  let lowVariance = 0;

  // exact and pixel links: a star from the first image of each class
  const byHash = new Map<string, number[]>();
  const byPixels = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const r = rec(i);
    if (!r) continue;
    scanned++;
    if (r.lowVariance) lowVariance++;
    push(byHash, r.hash, i);
    if (r.pixelHash) push(byPixels, r.pixelHash, i);
  }
  for (const ids of byHash.values()) for (let k = 1; k < ids.length; k++) links.push({ a: ids[0]!, b: ids[k]!, kind: 'exact', distance: 0, flipped: false });
  for (const ids of byPixels.values()) {
    // one representative per content hash; link the representatives
    const reps = new Map<string, number>();
    for (const i of ids) if (!reps.has(rec(i)!.hash)) reps.set(rec(i)!.hash, i);
    const r = [...reps.values()];
    for (let k = 1; k < r.length; k++) links.push({ a: r[0]!, b: r[k]!, kind: 'pixel', distance: 0, flipped: false });
  }

  // near links
  const samePixels = (a: number, b: number) => {
    const ra = rec(a)!;
    const rb = rec(b)!;
    return ra.hash === rb.hash || (ra.pixelHash !== undefined && ra.pixelHash === rb.pixelHash);
  };
  const hashOf = (field: 'phash' | 'phashD4') =>
    Array.from({ length: n }, (_, i) => {
      const r = rec(i);
      return r && !r.lowVariance ? r[field] : undefined;
    });
  const seen = new Set<string>();
  const histogram: Record<string, number> = {};
  let nearPairs = 0;
  let flippedPairs = 0;
  for (const [a, b, d] of findNearPairs(hashOf('phash'), radius)) {
    seen.add(`${a},${b}`);
    if (samePixels(a, b)) continue;
    nearPairs++;
    histogram[d] = (histogram[d] ?? 0) + 1;
    links.push({ a, b, kind: 'near', distance: d, flipped: false, via: 'direct' });
  }
  if (flips) {
    // rotated/mirrored copies: the pHash against the 7 rotations/flips of every other pHash
    // (a bit permutation and sign pattern, see transformHash), and the D4-minimum hashes
    const add = (a: number, b: number, d: number, via: NearVia, transform?: number) => {
      const k = `${a},${b}`;
      if (seen.has(k) || samePixels(a, b)) return;
      seen.add(k);
      flippedPairs++;
      links.push({ a, b, kind: 'near', distance: d, flipped: true, via, ...(transform !== undefined ? { transform } : {}) });
    };
    const ph = hashOf('phash');
    const transforms = scanned <= ALL_TRANSFORMS_UP_TO ? [1, 2, 3, 4, 5, 6, 7] : scanned <= MIRROR_UP_TO ? [2] : [];
    if (transforms.length) {
      // every pHash (query) against the transformed pHashes of all images (targets t·n + j)
      const targets: (string | undefined)[] = [];
      const parts = ph.map((h) => (h === undefined ? undefined : ([parseInt(h.slice(0, 8), 16), parseInt(h.slice(8, 16), 16)] as const)));
      for (const t of transforms)
        for (let j = 0; j < n; j++) {
          const p = parts[j];
          if (!p) targets.push(undefined);
          else {
            const [hi, lo] = transformParts(p[0], p[1], t);
            targets.push(hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0'));
          }
        }
      const best = new Map<string, { d: number; t: number }>();
      for (const [i, q, d] of findCrossPairs(ph, targets, radius)) {
        const j = q % n;
        if (i === j) continue;
        // image i ≈ T(image j); stored as a ≈ T'(b) with a < b
        const t = transforms[Math.floor(q / n)]!;
        const k = i < j ? `${i},${j}` : `${j},${i}`;
        if ((best.get(k)?.d ?? 65) > d) best.set(k, { d, t: i < j ? t : inverseTransform(t) });
      }
      for (const [k, { d, t }] of [...best].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
        const [a, b] = k.split(',').map(Number) as [number, number];
        add(a, b, d, 'transformed', t);
      }
    }
    for (const [a, b, d] of findNearPairs(hashOf('phashD4'), radius)) add(a, b, d, 'd4');
  }

  // union-find
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

  const count = (k: DupKind) => groups.filter((g) => g.kind === k).length;
  return {
    groups,
    stats: {
      scanned,
      lowVariance,
      radius,
      flips,
      exactGroups: count('exact'),
      pixelGroups: count('pixel'),
      nearGroups: count('near'),
      imagesInGroups: groups.reduce((s, g) => s + g.members.length, 0),
      nearPairs,
      flippedPairs,
      crossSplitGroups: groups.filter((g) => g.splits.length > 1).length,
      nearDistanceHistogram: histogram,
    },
  };
}

/** dup/exact, dup/pixel, dup/near for groups inside one split. */
export function duplicateChecks(ix: ImageContext, dups: DuplicateAnalysis): CheckResult<DuplicateStats> {
  const { ds, cfg } = ix.cx;
  const sev = cfg.thresholds.duplicates.severity;
  const findings: Finding[] = [];
  if (enabled(sev)) {
    for (const g of dups.groups) {
      if (g.splits.length > 1) continue;
      const paths = g.members.map((i) => ds.images[i]!.path);
      findings.push(
        finding({
          check: `dup/${g.kind}`,
          severity: sev,
          path: paths[0]!,
          key: g.key,
          related: paths.slice(1, 1 + MAX_RELATED),
          message: `${describeGroup(ix, g)} Keep one of them, or make sure the copies are intended.`,
          data: groupData(ix, g),
        }),
      );
    }
  }
  return { id: 'duplicates', stats: dups.stats, findings };
}

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
  const paths = g.members.map((i) => ds.images[i]!.path);
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

/**
 * The pHash of a rotated/mirrored image, from the pHash itself: bit (v,u) of the 8×8 DCT block
 * moves to (u,v) under a transpose, and a mirror negates the coefficients of odd u (horizontal) or
 * odd v (vertical), which flips their bit when the median of the AC coefficients is near 0 (it
 * shifts a little, so the result is within a few bits of the true hash: measured on 60 COCO
 * images, median 4 and at most 12 bits off; flips within radius 8: 59/60 vs 55/60 by the D4
 * minimum). t = 0..7: bit 2 transpose, bit 1 mirror x, bit 0 mirror y (transpose first). Exact as
 * a group action on bit strings, so Hamming distances between transformed hashes are preserved.
 */
export function transformHash(hex: string, t: number): string {
  const [hi, lo] = transformParts(parseInt(hex.slice(0, 8), 16), parseInt(hex.slice(8, 16), 16), t);
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** Row v of the block is byte v of the 64 bits (MSB first); u = 0 is a byte's top bit. */
const MIRROR_X = 0x55555555; // odd u in every row
const MIRROR_Y = 0x00ff00ff; // odd rows
/** TRANSPOSE[r * 256 + b]: the bits of row r with value b, moved to column r (hi, lo interleaved) */
const TRANSPOSE = (() => {
  const t = new Uint32Array(8 * 256 * 2);
  for (let r = 0; r < 8; r++)
    for (let b = 0; b < 256; b++) {
      let hi = 0;
      let lo = 0;
      for (let u = 0; u < 8; u++) {
        if (!((b >> (7 - u)) & 1)) continue;
        const i = u * 8 + r; // output row u, column r
        if (i < 32) hi |= 1 << (31 - i);
        else lo |= 1 << (63 - i);
      }
      t[(r * 256 + b) * 2] = hi >>> 0;
      t[(r * 256 + b) * 2 + 1] = lo >>> 0;
    }
  return t;
})();

export function transformParts(hi: number, lo: number, t: number): [number, number] {
  if (t & 4) {
    let h = 0;
    let l = 0;
    for (let r = 0; r < 8; r++) {
      const b = r < 4 ? (hi >>> (24 - 8 * r)) & 0xff : (lo >>> (56 - 8 * r)) & 0xff;
      const k = (r * 256 + b) * 2;
      h |= TRANSPOSE[k]!;
      l |= TRANSPOSE[k + 1]!;
    }
    hi = h;
    lo = l;
  }
  if (t & 2) {
    hi ^= MIRROR_X;
    lo ^= MIRROR_X;
  }
  if (t & 1) {
    hi ^= MIRROR_Y;
    lo ^= MIRROR_Y;
  }
  return [hi >>> 0, lo >>> 0];
}

/** The inverse of transform t: mirrors undo themselves; after a transpose the mirrored axes swap. */
export function inverseTransform(t: number): number {
  return t & 4 ? 4 | ((t & 2) >> 1) | ((t & 1) << 1) : t;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
