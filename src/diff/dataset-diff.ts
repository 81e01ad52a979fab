/**
 * The version diff of a dataset: which images came, went, changed or moved between splits, what
 * happened to their boxes, and how every class's counts moved per split. Pure: two Datasets (and
 * the blob SHAs of their images) in, a JSON-safe object out.
 *
 * Images are matched by path first; what is left is matched by content (same blob SHA at another
 * path: moved when the split changed, else renamed), and, only when content hashes are not known,
 * by a file name that is unique on both sides.
 */
import { boxesByImage, classNameMap, className, type Dataset, type ImageEntry, type LabelState } from '../model.js';
import { compareSplits } from '../formats/paths.js';
import { diffBoxes, type BoxChange, type NamedBox } from './box-match.js';

export type { BoxChange, BoxChangeKind, BoxRef } from './box-match.js';

export interface DiffOptions {
  /** dataset-relative path → content hash (git blob SHA) at base / head */
  baseShas?: Map<string, string>;
  headShas?: Map<string, string>;
  /** box changes kept in detail (counts are always complete); default 20,000 */
  maxBoxChanges?: number;
}

export interface ImageRef {
  path: string;
  split: string;
}

export interface ImageMove {
  from: string;
  to: string;
  fromSplit: string;
  toSplit: string;
  /** how the two were matched */
  by: 'path' | 'content' | 'name';
  /** the bytes changed too (path or name matches only) */
  modified?: boolean;
}

export interface LabelChange {
  /** image path at head */
  path: string;
  /** image path at base, when it differs */
  basePath?: string;
  split: string;
  labelPath?: string;
  baseLabelPath?: string;
  /** label state at base and head, when it changed (e.g. unlabeled → background) */
  stateFrom?: LabelState;
  stateTo?: LabelState;
  added: number;
  removed: number;
  reclassified: number;
  moved: number;
  adjusted: number;
  /** per-box detail (may be cut short: see DatasetDiff.omittedBoxChanges) */
  boxes: BoxChange[];
}

export interface Counts {
  instances: number;
  images: number;
}

export interface ClassDelta {
  class: string;
  base: Counts;
  head: Counts;
  delta: Counts;
  /** per split, every split of either side */
  splits: Record<string, { base: Counts; head: Counts; delta: Counts }>;
}

export interface DiffSummary {
  baseImages: number;
  headImages: number;
  imagesAdded: number;
  imagesRemoved: number;
  imagesModified: number;
  imagesMoved: number;
  imagesRenamed: number;
  /** images present on both sides whose boxes or label state changed */
  imagesRelabeled: number;
  baseBoxes: number;
  headBoxes: number;
  boxesAdded: number;
  boxesRemoved: number;
  boxesReclassified: number;
  boxesMoved: number;
  boxesAdjusted: number;
  classesAdded: number;
  classesRemoved: number;
  /** anything at all changed */
  changed: boolean;
}

export interface DatasetDiff {
  version: 1;
  summary: DiffSummary;
  images: { added: ImageRef[]; removed: ImageRef[]; modified: ImageRef[]; moved: ImageMove[]; renamed: ImageMove[] };
  labels: LabelChange[];
  classes: ClassDelta[];
  /** declared class names new at head / gone from head */
  classesAdded: string[];
  classesRemoved: string[];
  /** same class id, different name */
  classesRenamed: { id: number; from: string; to: string }[];
  splits: { split: string; base: number; head: number; delta: number }[];
  /** dataset-relative files (images and label files) touched by the change, sorted */
  changedFiles: string[];
  /** box changes counted but not listed (over maxBoxChanges) */
  omittedBoxChanges?: number;
}

export function diffDatasets(base: Dataset, head: Dataset, opts: DiffOptions = {}): DatasetDiff {
  const baseShas = opts.baseShas;
  const headShas = opts.headShas;
  const shaOf = (shas: Map<string, string> | undefined, img: ImageEntry) => shas?.get(img.path);
  const contentKnown = !!baseShas?.size && !!headShas?.size;

  // ---- match images -------------------------------------------------------------------------
  const headByPath = new Map(head.images.map((i) => [i.path, i]));
  const pairs: { b: ImageEntry; h: ImageEntry; by: ImageMove['by'] }[] = [];
  const baseLeft: ImageEntry[] = [];
  const headMatched = new Set<number>();
  for (const b of base.images) {
    const h = headByPath.get(b.path);
    if (h && !headMatched.has(h.id)) {
      pairs.push({ b, h, by: 'path' });
      headMatched.add(h.id);
    } else baseLeft.push(b);
  }
  let headLeft = head.images.filter((h) => !headMatched.has(h.id));

  if (baseLeft.length && headLeft.length) {
    // by content
    const headBySha = new Map<string, ImageEntry[]>();
    for (const h of headLeft) {
      const s = shaOf(headShas, h);
      if (!s) continue;
      const l = headBySha.get(s);
      if (l) l.push(h);
      else headBySha.set(s, [h]);
    }
    const still: ImageEntry[] = [];
    for (const b of baseLeft) {
      const s = shaOf(baseShas, b);
      const cands = s ? headBySha.get(s)?.filter((h) => !headMatched.has(h.id)) : undefined;
      if (!cands?.length) {
        still.push(b);
        continue;
      }
      const name = baseName(b.path);
      const h = cands.find((c) => baseName(c.path) === name) ?? cands.find((c) => c.split === b.split) ?? cands[0]!;
      pairs.push({ b, h, by: 'content' });
      headMatched.add(h.id);
    }
    baseLeft.length = 0;
    baseLeft.push(...still);
    headLeft = headLeft.filter((h) => !headMatched.has(h.id));

    // by a unique file name, only where content cannot tell
    if (!contentKnown && baseLeft.length && headLeft.length) {
      const uniq = (imgs: ImageEntry[]) => {
        const m = new Map<string, ImageEntry | null>();
        for (const i of imgs) {
          const n = baseName(i.path);
          m.set(n, m.has(n) ? null : i);
        }
        return m;
      };
      const hu = uniq(headLeft);
      const bu = uniq(baseLeft);
      const still2: ImageEntry[] = [];
      for (const b of baseLeft) {
        const n = baseName(b.path);
        const h = bu.get(n) ? hu.get(n) : undefined;
        if (h) {
          pairs.push({ b, h, by: 'name' });
          headMatched.add(h.id);
        } else still2.push(b);
      }
      baseLeft.length = 0;
      baseLeft.push(...still2);
      headLeft = headLeft.filter((h) => !headMatched.has(h.id));
    }
  }

  // ---- per image ------------------------------------------------------------------------------
  const bNames = classNameMap(base);
  const hNames = classNameMap(head);
  const bBoxes = boxesByImage(base);
  const hBoxes = boxesByImage(head);
  const named = (names: Map<number, string>, list: Dataset['boxes']): NamedBox[] =>
    list.map((x) => ({ cls: className(names, x.classId), x1: x.x1, y1: x.y1, x2: x.x2, y2: x.y2, ...(x.line !== undefined ? { line: x.line } : {}) }));

  const maxBox = opts.maxBoxChanges ?? 20_000;
  let listedBoxChanges = 0;
  let omitted = 0;
  const images: DatasetDiff['images'] = { added: [], removed: [], modified: [], moved: [], renamed: [] };
  const labels: LabelChange[] = [];
  const changedFiles = new Set<string>();
  const s: DiffSummary = {
    baseImages: base.images.length,
    headImages: head.images.length,
    imagesAdded: 0,
    imagesRemoved: 0,
    imagesModified: 0,
    imagesMoved: 0,
    imagesRenamed: 0,
    imagesRelabeled: 0,
    baseBoxes: base.boxes.length,
    headBoxes: head.boxes.length,
    boxesAdded: 0,
    boxesRemoved: 0,
    boxesReclassified: 0,
    boxesMoved: 0,
    boxesAdjusted: 0,
    classesAdded: 0,
    classesRemoved: 0,
    changed: false,
  };

  pairs.sort((x, y) => (x.h.path < y.h.path ? -1 : x.h.path > y.h.path ? 1 : 0));
  for (const { b, h, by } of pairs) {
    const bs = shaOf(baseShas, b);
    const hs = shaOf(headShas, h);
    const modified = by !== 'content' && !!bs && !!hs && bs !== hs;
    if (b.path === h.path) {
      if (b.split !== h.split) images.moved.push({ from: b.path, to: h.path, fromSplit: b.split, toSplit: h.split, by, ...(modified ? { modified } : {}) });
      else if (modified) images.modified.push({ path: h.path, split: h.split });
    } else {
      const move: ImageMove = { from: b.path, to: h.path, fromSplit: b.split, toSplit: h.split, by, ...(modified ? { modified } : {}) };
      (b.split !== h.split ? images.moved : images.renamed).push(move);
    }
    if (modified || b.path !== h.path || b.split !== h.split) changedFiles.add(h.path);

    const bl = bBoxes[b.id] ?? [];
    const hl = hBoxes[h.id] ?? [];
    const stateSame = b.labelState === h.labelState;
    // the common case, decided without building named boxes: the same boxes in the same order
    if (stateSame && sameBoxes(bl, hl, bNames, hNames)) continue;
    const d = diffBoxes(named(bNames, bl), named(hNames, hl));
    const changes = d.added + d.removed + d.reclassified + d.moved + d.adjusted;
    const stateChanged = !stateSame;
    if (!changes && !stateChanged) continue;
    const room = Math.max(0, maxBox - listedBoxChanges);
    const listed = d.changes.length <= room ? d.changes : d.changes.slice(0, room);
    listedBoxChanges += listed.length;
    omitted += d.changes.length - listed.length;
    const lc: LabelChange = {
      path: h.path,
      ...(b.path !== h.path ? { basePath: b.path } : {}),
      split: h.split,
      ...(h.labelPath ? { labelPath: h.labelPath } : {}),
      ...(b.labelPath && b.labelPath !== h.labelPath ? { baseLabelPath: b.labelPath } : {}),
      ...(stateChanged ? { stateFrom: b.labelState, stateTo: h.labelState } : {}),
      added: d.added,
      removed: d.removed,
      reclassified: d.reclassified,
      moved: d.moved,
      adjusted: d.adjusted,
      boxes: listed,
    };
    labels.push(lc);
    s.boxesAdded += d.added;
    s.boxesRemoved += d.removed;
    s.boxesReclassified += d.reclassified;
    s.boxesMoved += d.moved;
    s.boxesAdjusted += d.adjusted;
    if (h.labelPath) changedFiles.add(h.labelPath);
  }
  for (const b of baseLeft) images.removed.push({ path: b.path, split: b.split });
  for (const h of headLeft) {
    images.added.push({ path: h.path, split: h.split });
    changedFiles.add(h.path);
    if (h.labelPath) changedFiles.add(h.labelPath);
  }
  const byPath = (x: ImageRef, y: ImageRef) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0);
  images.added.sort(byPath);
  images.removed.sort(byPath);
  images.modified.sort(byPath);

  // ---- classes and splits ------------------------------------------------------------------------
  const bc = classCounts(base, bNames, bBoxes);
  const hc = classCounts(head, hNames, hBoxes);
  const allSplits = [...new Set([...base.splits, ...head.splits, ...base.images.map((i) => i.split), ...head.images.map((i) => i.split)])].sort(compareSplits);
  const classNames = [...new Set([...base.classes.map((c) => c.name), ...head.classes.map((c) => c.name), ...bc.keys(), ...hc.keys()])];
  const zero = (): Counts => ({ instances: 0, images: 0 });
  const classes: ClassDelta[] = classNames.map((name) => {
    const row: ClassDelta = { class: name, base: zero(), head: zero(), delta: zero(), splits: {} };
    for (const split of allSplits) {
      const bb = bc.get(name)?.get(split) ?? zero();
      const hh = hc.get(name)?.get(split) ?? zero();
      if (!bb.instances && !hh.instances && !bb.images && !hh.images) continue;
      row.splits[split] = { base: bb, head: hh, delta: { instances: hh.instances - bb.instances, images: hh.images - bb.images } };
      row.base.instances += bb.instances;
      row.base.images += bb.images;
      row.head.instances += hh.instances;
      row.head.images += hh.images;
    }
    row.delta = { instances: row.head.instances - row.base.instances, images: row.head.images - row.base.images };
    return row;
  });
  const bDeclared = new Set(base.classes.map((c) => c.name));
  const hDeclared = new Set(head.classes.map((c) => c.name));
  const classesAdded = [...hDeclared].filter((n) => !bDeclared.has(n));
  const classesRemoved = [...bDeclared].filter((n) => !hDeclared.has(n));
  const classesRenamed = head.classes
    .filter((c) => bNames.has(c.id) && bNames.get(c.id) !== c.name)
    .map((c) => ({ id: c.id, from: bNames.get(c.id)!, to: c.name }));
  const splits = allSplits.map((split) => {
    const nb = base.images.filter((i) => i.split === split).length;
    const nh = head.images.filter((i) => i.split === split).length;
    return { split, base: nb, head: nh, delta: nh - nb };
  });

  s.imagesAdded = images.added.length;
  s.imagesRemoved = images.removed.length;
  s.imagesModified = images.modified.length + images.moved.filter((m) => m.modified).length + images.renamed.filter((m) => m.modified).length;
  s.imagesMoved = images.moved.length;
  s.imagesRenamed = images.renamed.length;
  s.imagesRelabeled = labels.length;
  s.classesAdded = classesAdded.length;
  s.classesRemoved = classesRemoved.length;
  s.changed =
    s.imagesAdded + s.imagesRemoved + s.imagesModified + s.imagesMoved + s.imagesRenamed + s.imagesRelabeled + s.classesAdded + s.classesRemoved + classesRenamed.length > 0;

  const out: DatasetDiff = {
    version: 1,
    summary: s,
    images,
    labels,
    classes,
    classesAdded,
    classesRemoved,
    classesRenamed,
    splits,
    changedFiles: [...changedFiles].sort(),
  };
  if (omitted) out.omittedBoxChanges = omitted;
  return out;
}

/** Head paths of every image whose bytes, place or labels changed (added, modified, moved, renamed, relabeled). */
export function changedImagePaths(diff: DatasetDiff): Set<string> {
  const out = new Set<string>();
  for (const i of diff.images.added) out.add(i.path);
  for (const i of diff.images.modified) out.add(i.path);
  for (const m of diff.images.moved) out.add(m.to);
  for (const m of diff.images.renamed) out.add(m.to);
  for (const l of diff.labels) out.add(l.path);
  return out;
}

/** Same class names, same corners, same order (what diffBoxes reports as no change). */
function sameBoxes(bl: Dataset['boxes'], hl: Dataset['boxes'], bNames: Map<number, string>, hNames: Map<number, string>): boolean {
  if (bl.length !== hl.length) return false;
  for (let k = 0; k < bl.length; k++) {
    const x = bl[k]!;
    const y = hl[k]!;
    if (x.x1 !== y.x1 || x.y1 !== y.y1 || x.x2 !== y.x2 || x.y2 !== y.y2) return false;
    if (className(bNames, x.classId) !== className(hNames, y.classId)) return false;
  }
  return true;
}

/** class name → split → { instances, images } (an image counts once per class, in its split) */
function classCounts(ds: Dataset, names: Map<number, string>, byImage: Dataset['boxes'][]): Map<string, Map<string, Counts>> {
  const out = new Map<string, Map<string, Counts>>();
  // dense indexes: class id → name index, then counts per (name, split) in arrays
  const nameAt = new Map<string, number>();
  const idAt = new Map<number, number>();
  const splitAt = new Map<string, number>();
  const cells: Counts[][] = [];
  const stamp: number[] = [];
  for (let i = 0; i < ds.images.length; i++) {
    const boxes = byImage[i];
    if (!boxes?.length) continue;
    const split = ds.images[i]!.split;
    let sp = splitAt.get(split);
    if (sp === undefined) splitAt.set(split, (sp = splitAt.size));
    for (const b of boxes) {
      let k = idAt.get(b.classId);
      if (k === undefined) {
        const name = className(names, b.classId);
        k = nameAt.get(name);
        if (k === undefined) {
          nameAt.set(name, (k = nameAt.size));
          cells.push([]);
          stamp.push(-1);
        }
        idAt.set(b.classId, k);
      }
      const c = (cells[k]![sp] ??= { instances: 0, images: 0 });
      c.instances++;
      if (stamp[k] !== i) {
        stamp[k] = i;
        c.images++;
      }
    }
  }
  const splits = [...splitAt.keys()];
  for (const [name, k] of nameAt) {
    const bySplit = new Map<string, Counts>();
    cells[k]!.forEach((c, sp) => c && bySplit.set(splits[sp]!, c));
    out.set(name, bySplit);
  }
  return out;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
