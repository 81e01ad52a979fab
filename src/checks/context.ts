/**
 * What every label check shares, computed once per run: class names and dense class indexes,
 * boxes grouped by image, and stable keys for boxes.
 *
 * A box key is content-based — `${imagePath}#${class}@x1,y1,x2,y2` (normalised, 4 decimals),
 * with `~2`, `~3` … for exact copies — so a finding keeps its fingerprint when lines or other
 * boxes are added above it, and a moved or relabelled box is a different finding.
 */
import type { QcConfig } from '../config/schema.js';
import { boxesByImage, type Box, type Dataset, type ImageEntry } from '../model.js';

export interface LabelContext {
  ds: Dataset;
  cfg: QcConfig;
  /** boxes per image (Dataset.images order), in file order */
  byImage: Box[][];
  /** class ids in table order: declared classes by id, then undeclared ids seen in boxes */
  classIds: number[];
  /** class id → dense index into classIds */
  classIndex: Map<number, number>;
  /** the same as classIndex.get, through a lookup table when ids are small integers */
  indexOf(classId: number): number;
  /** display names, same order as classIds */
  classNames: string[];
  /** whether classIds[i] is declared in the class table */
  declared: boolean[];
  nameOf(classId: number): string;
  /** stable key of byImage[image][index] */
  boxKey(image: number, index: number): string;
  /** the file an image-level finding points at: its label file, else the image */
  labelFileOf(img: ImageEntry): string;
  /** [image path] when `file` is not the image itself */
  relatedOf(img: ImageEntry, file: string): string[] | undefined;
  /** per image, its distinct classes and their counts (computed on first use, then shared) */
  imageClasses(): ImageClasses;
}

/**
 * Compressed rows: image i holds classes cls[start[i] .. start[i+1]) (dense indexes,
 * ascending) with count[j] boxes each. Size ≤ number of boxes.
 */
export interface ImageClasses {
  start: Int32Array;
  cls: Int32Array;
  count: Int32Array;
}

export function makeContext(ds: Dataset, cfg: QcConfig, byImage: Box[][] = boxesByImage(ds)): LabelContext {
  const classIndex = new Map<number, number>();
  const classIds: number[] = [];
  const classNames: string[] = [];
  const declared: boolean[] = [];
  for (const c of [...ds.classes].sort((a, b) => a.id - b.id)) {
    if (classIndex.has(c.id)) continue;
    classIndex.set(c.id, classIds.length);
    classIds.push(c.id);
    classNames.push(c.name);
    declared.push(true);
  }
  const undeclared = new Set<number>();
  for (const b of ds.boxes) if (!classIndex.has(b.classId)) undeclared.add(b.classId);
  for (const id of [...undeclared].sort((a, b) => a - b)) {
    classIndex.set(id, classIds.length);
    classIds.push(id);
    classNames.push(`#${id}`);
    declared.push(false);
  }
  const maxId = classIds.reduce((m, id) => Math.max(m, id), -1);
  const dense = classIds.every((id) => Number.isInteger(id) && id >= 0) && maxId < 1 << 20;
  const table = new Int32Array(dense ? maxId + 1 : 0);
  if (dense) classIds.forEach((id, k) => (table[id] = k));
  const indexOf = dense ? (id: number) => table[id]! : (id: number) => classIndex.get(id)!;
  const keyCache = new Map<number, string[]>();
  let rows: ImageClasses | undefined;
  const nameOf = (id: number) => classNames[classIndex.get(id) ?? -1] ?? `#${id}`;
  return {
    ds,
    cfg,
    byImage,
    classIds,
    classIndex,
    indexOf,
    classNames,
    declared,
    nameOf,
    boxKey(image, index) {
      let keys = keyCache.get(image);
      if (!keys) keyCache.set(image, (keys = keysOf(ds.images[image]?.path ?? `#${image}`, byImage[image] ?? [], nameOf)));
      return keys[index] ?? `${ds.images[image]?.path}#${index}`;
    },
    labelFileOf: (img) => img.labelPath ?? img.path,
    relatedOf: (img, file) => (file !== img.path ? [img.path] : undefined),
    imageClasses: () => (rows ??= buildImageClasses(byImage, indexOf, classIds.length)),
  };
}

function buildImageClasses(byImage: Box[][], indexOf: (id: number) => number, K: number): ImageClasses {
  let total = 0;
  for (const b of byImage) total += b.length;
  const start = new Int32Array(byImage.length + 1);
  const cls = new Int32Array(total);
  const count = new Int32Array(total);
  const scratch = new Int32Array(K);
  let n = 0;
  for (let i = 0; i < byImage.length; i++) {
    const boxes = byImage[i]!;
    const first = n;
    for (let j = 0; j < boxes.length; j++) {
      const k = indexOf(boxes[j]!.classId);
      if (scratch[k]!++ > 0) continue;
      // insert k keeping cls[first .. n) ascending
      let p = n++;
      while (p > first && cls[p - 1]! > k) {
        cls[p] = cls[p - 1]!;
        p--;
      }
      cls[p] = k;
    }
    for (let p = first; p < n; p++) {
      count[p] = scratch[cls[p]!]!;
      scratch[cls[p]!] = 0;
    }
    start[i + 1] = n;
  }
  return { start, cls: cls.subarray(0, n), count: count.subarray(0, n) };
}

const c4 = (x: number) => (Number.isFinite(x) ? (Math.round(x * 1e4) / 1e4).toFixed(4) : String(x));

function keysOf(imagePath: string, boxes: Box[], nameOf: (id: number) => string): string[] {
  const seen = new Map<string, number>();
  return boxes.map((b) => {
    const base = `${imagePath}#${nameOf(b.classId)}@${c4(b.x1)},${c4(b.y1)},${c4(b.x2)},${c4(b.y2)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}~${n}`;
  });
}

/** "Box 3 of class 'car'" (1-based index within the image). */
export function boxLabel(index: number, cls: string): string {
  return `Box ${index + 1} of class '${cls}'`;
}

/** Whether a threshold's severity lets its check run. */
export function enabled(sev: string): sev is 'error' | 'warning' | 'info' {
  return sev !== 'off';
}
