/** Dataset totals for the report header: per split and per class, in one pass. */
import type { Dataset } from '../model.js';
import type { ClassRow, SplitRow } from './types.js';

export function splitRows(ds: Dataset): SplitRow[] {
  const rows = new Map<string, SplitRow>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) rows.set(name, (r = { name, images: 0, labeled: 0, background: 0, unlabeled: 0, boxes: 0, backgroundShare: 0 }));
    return r;
  };
  for (const s of ds.splits) row(s);
  for (const img of ds.images) {
    const r = row(img.split);
    r.images++;
    r[img.labelState]++;
  }
  for (const b of ds.boxes) row(ds.images[b.image]!.split).boxes++;
  for (const r of rows.values()) r.backgroundShare = r.images ? r.background / r.images : 0;
  return [...rows.values()].filter((r) => r.images > 0 || ds.splits.includes(r.name));
}

export function classRows(ds: Dataset): ClassRow[] {
  const rows = new Map<number, ClassRow>();
  const seen = new Map<number, Set<number>>();
  for (const c of ds.classes) rows.set(c.id, { id: c.id, name: c.name, instances: 0, images: 0, bySplit: {} });
  for (const b of ds.boxes) {
    let r = rows.get(b.classId);
    if (!r) rows.set(b.classId, (r = { id: b.classId, name: `#${b.classId}`, instances: 0, images: 0, bySplit: {} }));
    const split = ds.images[b.image]!.split;
    const s = (r.bySplit[split] ??= { instances: 0, images: 0 });
    r.instances++;
    s.instances++;
    let imgs = seen.get(b.classId);
    if (!imgs) seen.set(b.classId, (imgs = new Set()));
    if (!imgs.has(b.image)) {
      imgs.add(b.image);
      r.images++;
      s.images++;
    }
  }
  return [...rows.values()].sort((a, b) => a.id - b.id);
}

export function summaryOf(ds: Dataset, splits: SplitRow[], classes: ClassRow[]) {
  const background = splits.reduce((n, s) => n + s.background, 0);
  const unlabeled = splits.reduce((n, s) => n + s.unlabeled, 0);
  return {
    images: ds.images.length,
    boxes: ds.boxes.length,
    classes: ds.classes.length,
    classesUsed: classes.filter((c) => c.instances > 0).length,
    backgroundImages: background,
    unlabeledImages: unlabeled,
    backgroundShare: ds.images.length ? background / ds.images.length : 0,
    orphanLabels: ds.orphans.length,
  };
}
