/**
 * Comparing the labels of two duplicate images: normalised boxes, same-class greedy matching by
 * IoU, the 8 rotations/flips a rotated or mirrored copy's boxes are tried in.
 */
import type { Box } from '../model.js';
import type { DupLink } from './dup-types.js';

/** a box as compared: class id and normalised corners */
export interface LBox {
  c: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * The orientations of B's boxes to try against A's (indexes into D4, encoded as transformHash's t):
 * identity for copies found directly; for a copy matched against a rotated/mirrored hash, the
 * transform found first, then the other non-identity ones (the hash match is approximate) — never
 * the identity, so a mirrored copy whose boxes were not mirrored disagrees; all 8 for a pair found
 * by the D4-minimum hashes (orientation unknown).
 */
export function orientationsOf(link: DupLink): number[] {
  if (link.via === 'transformed' && link.transform !== undefined) return [link.transform, ...[1, 2, 3, 4, 5, 6, 7].filter((t) => t !== link.transform)];
  if (link.via === 'd4') return [0, 1, 2, 3, 4, 5, 6, 7];
  return [0];
}

/** Why two label sets disagree, or undefined when they agree (B's boxes tried in each orientation). */
export function disagreement(A: LBox[], B: LBox[], iou: number, orientations: number[]): string | undefined {
  if (A.length !== B.length) return `they have ${A.length} and ${B.length} boxes`;
  if (!sameClasses(A, B)) return 'their classes differ';
  if (!A.length) return undefined;
  let best = -1;
  let lowest = 0;
  for (const o of orientations) {
    const Bt = B.map(D4[o]!);
    const r = greedyMatch(A, Bt, iou);
    if (r.matched === A.length) return undefined;
    if (r.matched > best) [best, lowest] = [r.matched, r.unmatchedBest];
  }
  const off = A.length - best;
  const closest = lowest > 0 ? `; the closest unmatched pair overlaps at IoU ${lowest.toFixed(2)}` : '';
  return `${off === 1 ? '1 box does' : `${off} of ${A.length} boxes do`} not match at IoU ≥ ${iou}${closest}`;
}

/**
 * Greedy one-to-one matching of same-class boxes by IoU (highest first); also the highest IoU
 * left between an unmatched box of A and an unmatched box of B (how close the miss was).
 */
function greedyMatch(A: LBox[], B: LBox[], thr: number): { matched: number; unmatchedBest: number } {
  const cand: [number, number, number][] = [];
  for (let i = 0; i < A.length; i++)
    for (let j = 0; j < B.length; j++) {
      if (A[i]!.c !== B[j]!.c) continue;
      const v = iouOf(A[i]!, B[j]!);
      if (v > 0) cand.push([v, i, j]);
    }
  cand.sort((x, y) => y[0] - x[0]);
  const ua = new Uint8Array(A.length);
  const ub = new Uint8Array(B.length);
  let matched = 0;
  let unmatchedBest = 0;
  for (const [v, i, j] of cand) {
    if (ua[i] || ub[j]) continue;
    if (v < thr) {
      unmatchedBest = Math.max(unmatchedBest, v);
      continue;
    }
    ua[i] = ub[j] = 1;
    matched++;
  }
  return { matched, unmatchedBest };
}

function iouOf(a: LBox, b: LBox): number {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return a.x1 === b.x1 && a.x2 === b.x2 && a.y1 === b.y1 && a.y2 === b.y2 ? 1 : 0;
  const inter = iw * ih;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

/**
 * The 8 rotations/flips of a normalised box, index t = 4·transpose + 2·mirror x + mirror y (the
 * transformHash encoding): transpose first, then the mirrors.
 */
const D4: ((b: LBox) => LBox)[] = [false, true].flatMap((t) =>
  [false, true].flatMap((h) =>
    [false, true].map((v) => (b: LBox): LBox => {
      let { x1, y1, x2, y2 } = b;
      if (t) [x1, y1, x2, y2] = [y1, x1, y2, x2];
      if (h) [x1, x2] = [1 - x2, 1 - x1];
      if (v) [y1, y2] = [1 - y2, 1 - y1];
      return { c: b.c, x1, y1, x2, y2 };
    }),
  ),
);

export function lbox(b: Box): LBox {
  return { c: b.classId, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
}

/** The same class ids, as many times each (two label sets of equal length). */
function sameClasses(A: LBox[], B: LBox[]): boolean {
  const n = A.length;
  let same = true;
  for (let i = 0; i < n && same; i++) same = A[i]!.c === B[i]!.c;
  if (same) return true;
  const a = Float64Array.from(A, (b) => b.c).sort();
  const b = Float64Array.from(B, (x) => x.c).sort();
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function describeLabels(A: LBox[], nameOf: (id: number) => string): string {
  if (!A.length) return 'no boxes';
  const m = new Map<number, number>();
  for (const b of A) m.set(b.c, (m.get(b.c) ?? 0) + 1);
  return [...m]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .map(([c, n]) => `${n} × ${nameOf(c)}`)
    .join(', ');
}

export function fullFrame(b: LBox): boolean {
  return (b.x2 - b.x1) * (b.y2 - b.y1) >= 0.9;
}
