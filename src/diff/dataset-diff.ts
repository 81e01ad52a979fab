/**
 * The version diff of a dataset: which images came, went, changed or moved between splits, what
 * happened to their boxes, and how every class's counts moved per split. Pure: two Datasets (and
 * the blob SHAs of their images) in, a JSON-safe object out.
 *
 * Images are matched as image-match.ts says; class counts per split come from class-counts.ts.
 */
import { boxesByImage, classNameMap, className, type Dataset } from '../model.js';
import type { DatasetDiff, DiffSummary, ImageMove, ImageRef, LabelChange } from './diff-types.js';
import { diffBoxes, type NamedBox } from './box-match.js';
import { classDeltas } from './class-counts.js';
import { matchImages, shaOf } from './image-match.js';

export type { BoxChange, BoxChangeKind, BoxRef } from './box-match.js';
export type * from './diff-types.js';

export interface DiffOptions {
  /** dataset-relative path → content hash (git blob SHA) at base / head */
  baseShas?: Map<string, string>;
  headShas?: Map<string, string>;
  /** box changes kept in detail (counts are always complete); default 20,000 */
  maxBoxChanges?: number;
}

export function diffDatasets(base: Dataset, head: Dataset, opts: DiffOptions = {}): DatasetDiff {
  const baseShas = opts.baseShas;
  const headShas = opts.headShas;

  const { pairs, baseLeft, headLeft } = matchImages(base, head, baseShas, headShas);

  // ---- per image ------------------------------------------------------------------------------
  const bNames = classNameMap(base);
  const hNames = classNameMap(head);
  // one id, one name on both sides (the usual case): boxes compare by class id
  const sameIds = bNames.size === hNames.size && [...bNames].every(([id, n]) => hNames.get(id) === n);
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
    if (stateSame && sameBoxes(bl, hl, sameIds ? undefined : bNames, hNames)) continue;
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
  const { classes, classesAdded, classesRemoved, classesRenamed, splits } = classDeltas(base, head, bNames, hNames, bBoxes, hBoxes);

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

/**
 * Same class names, same corners, same order (what diffBoxes reports as no change). Without
 * `bNames` both sides name every id alike: the ids are compared.
 */
function sameBoxes(bl: Dataset['boxes'], hl: Dataset['boxes'], bNames: Map<number, string> | undefined, hNames: Map<number, string>): boolean {
  if (bl.length !== hl.length) return false;
  for (let k = 0; k < bl.length; k++) {
    const x = bl[k]!;
    const y = hl[k]!;
    if (x.x1 !== y.x1 || x.y1 !== y.y1 || x.x2 !== y.x2 || x.y2 !== y.y2) return false;
    if (bNames ? className(bNames, x.classId) !== className(hNames, y.classId) : x.classId !== y.classId) return false;
  }
  return true;
}
