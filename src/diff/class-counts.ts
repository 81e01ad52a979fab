/** Instances and images per class and split on both sides of a version diff, and their deltas. */
import { compareSplits } from '../formats/paths.js';
import { className, type Dataset } from '../model.js';
import type { ClassDelta, Counts, DatasetDiff } from './diff-types.js';

type Deltas = Pick<DatasetDiff, 'classes' | 'classesAdded' | 'classesRemoved' | 'classesRenamed' | 'splits'>;

/** Per class and split: counts at base and head; declared classes added, removed, renamed; images per split. */
export function classDeltas(base: Dataset, head: Dataset, bNames: Map<number, string>, hNames: Map<number, string>, bBoxes: Dataset['boxes'][], hBoxes: Dataset['boxes'][]): Deltas {
  const bc = classCounts(base, bNames, bBoxes);
  const hc = classCounts(head, hNames, hBoxes);
  // images per split on each side, counted in one pass (the splits of both sides, declared or used)
  const nb = imagesPerSplit(base);
  const nh = imagesPerSplit(head);
  const allSplits = [...new Set([...base.splits, ...head.splits, ...nb.keys(), ...nh.keys()])].sort(compareSplits);
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
  // a rename is an id whose name changed: ids the files declare (a YOLO names list, COCO category
  // ids). VOC names its classes only; its ids number the sorted names, so a new name shifts them
  const idsDeclared = base.format !== 'voc' && head.format !== 'voc';
  const classesRenamed = idsDeclared
    ? head.classes.filter((c) => bNames.has(c.id) && bNames.get(c.id) !== c.name).map((c) => ({ id: c.id, from: bNames.get(c.id)!, to: c.name }))
    : [];
  const splits = allSplits.map((split) => {
    const b = nb.get(split) ?? 0;
    const h = nh.get(split) ?? 0;
    return { split, base: b, head: h, delta: h - b };
  });
  return { classes, classesAdded, classesRemoved, classesRenamed, splits };
}

function imagesPerSplit(ds: Dataset): Map<string, number> {
  const n = new Map<string, number>();
  for (const img of ds.images) n.set(img.split, (n.get(img.split) ?? 0) + 1);
  return n;
}

const SMALL_ID = 1 << 16;

/** class name → split → { instances, images } (an image counts once per class, in its split) */
function classCounts(ds: Dataset, names: Map<number, string>, byImage: Dataset['boxes'][]): Map<string, Map<string, Counts>> {
  const out = new Map<string, Map<string, Counts>>();
  // dense indexes: class id → name index, then counts per (name, split) in arrays
  const nameAt = new Map<string, number>();
  const idAt = new Map<number, number>();
  const idAtSmall: (number | undefined)[] = [];
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
      // small integer ids (all of YOLO's, most of COCO's) through an array, others through the map
      const small = b.classId >= 0 && b.classId < SMALL_ID && Number.isInteger(b.classId);
      let k = small ? idAtSmall[b.classId] : idAt.get(b.classId);
      if (k === undefined) {
        const name = className(names, b.classId);
        k = nameAt.get(name);
        if (k === undefined) {
          nameAt.set(name, (k = nameAt.size));
          cells.push([]);
          stamp.push(-1);
        }
        if (small) idAtSmall[b.classId] = k;
        else idAt.set(b.classId, k);
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
