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
 *     by noise. The searches are findNearPairs and, for the transforms, findTransformPairs (exact, sub-quadratic).
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
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import { inverseTransform } from '../scan/hash-transform.js';
import { findNearPairs, type HashParts } from '../scan/near-index.js';
import { findNearPairsMemo } from '../scan/near-memo.js';
import { findTransformPairs } from '../scan/near-transform.js';
import { describeGroup, groupData, MAX_RELATED } from './dup-describe.js';
import type { DuplicateAnalysis, DuplicateStats, DupKind, DupLink, NearVia } from './dup-types.js';
import { groupLinks } from './dup-groups.js';
import { sameValue } from './same-value.js';
import { enabled } from './context.js';
import type { ImageContext } from './images.js';

export type * from './dup-types.js';

/**
 * Rotated/mirrored copies are searched with every pHash against the 7 rotations/flips of the others
 * up to this many scanned images (8 hashes per image: 1.3 s for 25,000 random hashes here), against
 * the horizontal mirror only (the usual augmentation) up to MIRROR_UP_TO, and beyond that only
 * through the D4-minimum hashes.
 */
export const ALL_TRANSFORMS_UP_TO = 25_000;
export const MIRROR_UP_TO = 500_000;
export { byPath } from './dup-groups.js';

export function findDuplicates(ix: ImageContext): DuplicateAnalysis {
  const { ds, cfg } = ix.cx;
  const n = ds.images.length;
  const radius = cfg.thresholds.nearDuplicateRadius;
  const flips = cfg.thresholds.duplicates.flips;
  const recs = ix.records;
  const ok = (i: number): boolean => recs.usable(i) && ds.images[i]?.exists !== false;
  const links: DupLink[] = [];
  let scanned = 0;
  let lowVariance = 0;

  // exact and pixel links: a star from the first image of each class. Candidates are found by
  // sorting the first 64 bits of each hash (no string-keyed Map over every image: ~100 MB at 1M),
  // then confirmed on the whole hash.
  const usable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!ok(i)) continue;
    usable[i] = 1;
    scanned++;
    if (recs.lowVariance(i)) lowVariance++;
  }
  const copy = new Uint8Array(n);
  // one file listed in two splits is one image, not two copies (leak/same-file reports it): it is
  // linked to a member on another path, if there is one
  const pathOf = (i: number) => ds.images[i]!.path;
  for (const members of sameValue(recs, 'hash', (i) => usable[i] === 1)) {
    const first = members[0]!;
    const other = members.find((i) => pathOf(i) !== pathOf(first));
    for (const i of members.slice(1)) {
      copy[i] = 1; // its pixels are those of `first`
      const anchor = pathOf(i) !== pathOf(first) ? first : other;
      if (anchor !== undefined && anchor !== i && pathOf(anchor) !== pathOf(i)) links.push({ a: Math.min(anchor, i), b: Math.max(anchor, i), kind: 'exact', distance: 0, flipped: false });
    }
  }
  // one image per content hash: the first image with these pixels linked to the others
  for (const [first, ...rest] of sameValue(recs, 'pixelHash', (i) => usable[i] === 1 && !copy[i]))
    for (const i of rest) links.push({ a: first!, b: i, kind: 'pixel', distance: 0, flipped: false });

  // near links
  const samePixels = (a: number, b: number) => {
    const pa = recs.pixelHash(a);
    return recs.hash(a) === recs.hash(b) || (pa !== undefined && pa === recs.pixelHash(b));
  };
  const hashOf = (field: 'phash' | 'phashD4'): HashParts => {
    const out: HashParts = { hi: new Uint32Array(n), lo: new Uint32Array(n), ok: new Uint8Array(n) };
    const h = { hi: 0, lo: 0 };
    for (let i = 0; i < n; i++) {
      if (!usable[i] || recs.lowVariance(i) || !recs.hashParts(field, i, h)) continue;
      out.hi[i] = h.hi;
      out.lo[i] = h.lo;
      out.ok[i] = 1;
    }
    return out;
  };
  const seen = new Set<string>();
  const histogram: Record<string, number> = {};
  let nearPairs = 0;
  let flippedPairs = 0;
  const ph = hashOf('phash');
  const memo = ix.pairMemo;
  const selfPairs = (h: HashParts, name: string) => (memo ? findNearPairsMemo(h, radius, memo, name) : findNearPairs(h, radius));
  for (const [a, b, d] of selfPairs(ph, 'phash')) {
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
    const transforms = scanned <= ALL_TRANSFORMS_UP_TO ? [1, 2, 3, 4, 5, 6, 7] : scanned <= MIRROR_UP_TO ? [2] : [];
    if (transforms.length) {
      // every pHash against the transformed pHashes of all images: found as (i, k·n + j, d)
      const q = ph;
      const best = new Map<string, { d: number; t: number }>();
      const found = findTransformPairs(q, transforms, radius, memo, `phash-t${transforms.join('')}`);
      for (const [i, tj, d] of found) {
        const j = tj % n;
        if (i === j) continue;
        // image i ≈ T(image j); stored as a ≈ T'(b) with a < b
        const t = transforms[Math.floor(tj / n)]!;
        const k = i < j ? `${i},${j}` : `${j},${i}`;
        if ((best.get(k)?.d ?? 65) > d) best.set(k, { d, t: i < j ? t : inverseTransform(t) });
      }
      for (const [k, { d, t }] of [...best].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
        const [a, b] = k.split(',').map(Number) as [number, number];
        add(a, b, d, 'transformed', t);
      }
    }
    for (const [a, b, d] of selfPairs(hashOf('phashD4'), 'phash-d4')) add(a, b, d, 'd4');
  }

  const groups = groupLinks(ds, links);

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
      const paths = [...new Set(g.members.map((i) => ds.images[i]!.path))];
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
