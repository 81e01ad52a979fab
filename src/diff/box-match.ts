/**
 * Box-level comparison of one image's labels at two versions. Boxes are matched greedily in
 * passes, each pass taking the best-overlapping pairs first:
 *   1. same class, IoU ≥ 0.9 → kept (or "adjusted" when the corners moved a little);
 *   2. different class, IoU ≥ 0.9 → reclassified;
 *   3. same class, overlapping or centres within 0.25 of the image → moved;
 *   what is left is removed (base) or added (head).
 * Classes are compared by name, so a renumbered class table is not a change.
 */
export const SAME_BOX_IOU = 0.9;
/** centre distance (in image widths/heights) under which a same-class box counts as moved, not replaced */
export const MOVE_RADIUS = 0.25;
const EPS = 1e-6;

export interface NamedBox {
  cls: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  line?: number;
}

export type BoxChangeKind = 'added' | 'removed' | 'reclassified' | 'moved' | 'adjusted';

export interface BoxRef {
  /** normalised corners, rounded to 4 decimals */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  line?: number;
}

export interface BoxChange {
  kind: BoxChangeKind;
  /** class at head (at base for removed boxes) */
  class: string;
  /** class at base, for reclassified boxes */
  fromClass?: string;
  /** overlap of the base and head box, for matched kinds */
  iou?: number;
  base?: BoxRef;
  head?: BoxRef;
}

export interface BoxDiff {
  kept: number;
  added: number;
  removed: number;
  reclassified: number;
  moved: number;
  adjusted: number;
  changes: BoxChange[];
}

export function iou(a: NamedBox, b: NamedBox): number {
  if (sameCorners(a, b)) return 1;
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const area = (r: NamedBox) => Math.max(0, r.x2 - r.x1) * Math.max(0, r.y2 - r.y1);
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

function sameCorners(a: NamedBox, b: NamedBox): boolean {
  return Math.abs(a.x1 - b.x1) < EPS && Math.abs(a.y1 - b.y1) < EPS && Math.abs(a.x2 - b.x2) < EPS && Math.abs(a.y2 - b.y2) < EPS;
}

function sameBox(a: NamedBox, b: NamedBox): boolean {
  return a.cls === b.cls && a.x1 === b.x1 && a.y1 === b.y1 && a.x2 === b.x2 && a.y2 === b.y2;
}

function centreDistance(a: NamedBox, b: NamedBox): number {
  return Math.hypot((a.x1 + a.x2 - b.x1 - b.x2) / 2, (a.y1 + a.y2 - b.y1 - b.y2) / 2);
}

const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
function ref(b: NamedBox): BoxRef {
  const r: BoxRef = { x1: r4(b.x1), y1: r4(b.y1), x2: r4(b.x2), y2: r4(b.y2) };
  if (b.line !== undefined) r.line = b.line;
  return r;
}

const keyOf = (b: NamedBox) => `${b.cls}\u0000${b.x1.toFixed(6)},${b.y1.toFixed(6)},${b.x2.toFixed(6)},${b.y2.toFixed(6)}`;

export function diffBoxes(base: NamedBox[], head: NamedBox[]): BoxDiff {
  const out: BoxDiff = { kept: 0, added: 0, removed: 0, reclassified: 0, moved: 0, adjusted: 0, changes: [] };
  // the common case: the same boxes in the same order
  if (base.length === head.length && base.every((b, i) => sameBox(b, head[i]!))) {
    out.kept = base.length;
    return out;
  }
  // pass 0: identical boxes (the common case) by key, in O(n)
  const headByKey = new Map<string, number[]>();
  head.forEach((b, j) => {
    const k = keyOf(b);
    const l = headByKey.get(k);
    if (l) l.push(j);
    else headByKey.set(k, [j]);
  });
  const bUsed = new Uint8Array(base.length);
  const hUsed = new Uint8Array(head.length);
  base.forEach((b, i) => {
    const j = headByKey.get(keyOf(b))?.shift();
    if (j !== undefined) {
      bUsed[i] = 1;
      hUsed[j] = 1;
      out.kept++;
    }
  });

  const pass = (accept: (b: NamedBox, h: NamedBox, o: number) => boolean, score: (b: NamedBox, h: NamedBox, o: number) => number, on: (i: number, j: number, o: number) => void) => {
    const pairs: { i: number; j: number; o: number; s: number }[] = [];
    for (let i = 0; i < base.length; i++) {
      if (bUsed[i]) continue;
      for (let j = 0; j < head.length; j++) {
        if (hUsed[j]) continue;
        const o = iou(base[i]!, head[j]!);
        if (accept(base[i]!, head[j]!, o)) pairs.push({ i, j, o, s: score(base[i]!, head[j]!, o) });
      }
    }
    pairs.sort((a, b) => b.s - a.s || a.i - b.i || a.j - b.j);
    for (const p of pairs) {
      if (bUsed[p.i] || hUsed[p.j]) continue;
      bUsed[p.i] = 1;
      hUsed[p.j] = 1;
      on(p.i, p.j, p.o);
    }
  };
  const byIou = (_b: NamedBox, _h: NamedBox, o: number) => o;
  const r3 = (v: number) => Math.round(v * 1000) / 1000;

  pass(
    (b, h, o) => b.cls === h.cls && o >= SAME_BOX_IOU,
    byIou,
    (i, j, o) => {
      if (sameCorners(base[i]!, head[j]!)) out.kept++;
      else {
        out.adjusted++;
        out.changes.push({ kind: 'adjusted', class: head[j]!.cls, iou: r3(o), base: ref(base[i]!), head: ref(head[j]!) });
      }
    },
  );
  pass(
    (b, h, o) => b.cls !== h.cls && o >= SAME_BOX_IOU,
    byIou,
    (i, j, o) => {
      out.reclassified++;
      out.changes.push({ kind: 'reclassified', class: head[j]!.cls, fromClass: base[i]!.cls, iou: r3(o), base: ref(base[i]!), head: ref(head[j]!) });
    },
  );
  pass(
    (b, h, o) => b.cls === h.cls && (o > 0 || centreDistance(b, h) <= MOVE_RADIUS),
    // overlap first, then nearness (a score in (-1, 0] for non-overlapping pairs)
    (b, h, o) => (o > 0 ? o : -centreDistance(b, h) / 2),
    (i, j, o) => {
      out.moved++;
      out.changes.push({ kind: 'moved', class: head[j]!.cls, iou: r3(o), base: ref(base[i]!), head: ref(head[j]!) });
    },
  );
  base.forEach((b, i) => {
    if (bUsed[i]) return;
    out.removed++;
    out.changes.push({ kind: 'removed', class: b.cls, base: ref(b) });
  });
  head.forEach((h, j) => {
    if (hUsed[j]) return;
    out.added++;
    out.changes.push({ kind: 'added', class: h.cls, head: ref(h) });
  });
  return out;
}
