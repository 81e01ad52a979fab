/** What the duplicate search finds: links between two images, groups of linked images, counts. */

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
  /** the links that connect the group (at most MAX_LINKS kept: dup-groups.ts) */
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
