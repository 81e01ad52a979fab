/**
 * What drift compares, per dataset version (drift.ts compares two): instances per class and the
 * numeric samples (boxes per image, box sizes, image sizes, the scan records' image statistics),
 * and the same with every sample sorted ahead (a comparison sorts the base's while the head's
 * images decode).
 */
import { boxesByImage, classNameMap, className, type Dataset } from '../model.js';
import { RecordTable } from '../scan/record-table.js';
import { sortedFinite } from './stats.js';

export interface DriftInputs {
  /** instances per class name */
  classCounts: Record<string, number>;
  /** metric key → values */
  samples: Record<string, number[]>;
}

/** Drift inputs whose samples may come sorted already (presorted). */
export type SortedDriftInputs = Omit<DriftInputs, 'samples'> & { samples: Record<string, ArrayLike<number>> };

/**
 * The same inputs with every sample already sorted (sortedFinite), so driftReport does not sort
 * them: a comparison sorts the base's while it waits for the head's decodes.
 */
export function presorted(d: DriftInputs): SortedDriftInputs {
  return { classCounts: d.classCounts, samples: Object.fromEntries(Object.entries(d.samples).map(([k, v]) => [k, sortedFinite(v)])) };
}

/** Label-side inputs (driftInputs without records) completed with the records' image statistics: driftInputs(ds, records). */
export function withRecords(labels: SortedDriftInputs, records: RecordTable | undefined): SortedDriftInputs {
  return records ? { classCounts: labels.classCounts, samples: { ...labels.samples, ...recordStats(records) } } : labels;
}

/**
 * Drift inputs of one dataset: instances per class; boxes per annotated image; normalised box
 * width, height and area; image width and height; and, from scan records (aligned with
 * ds.images) or as recordStats took them, brightness, mean, contrast, sharpness and entropy.
 */
export function driftInputs(ds: Dataset, records?: RecordTable | Record<string, number[]>): DriftInputs {
  const names = classNameMap(ds);
  // counted per id first (one map update per box), then per name (ids may share a name), in the
  // order of each name's first box as before
  const perId = new Map<number, number>();
  for (const b of ds.boxes) perId.set(b.classId, (perId.get(b.classId) ?? 0) + 1);
  const classCounts: Record<string, number> = {};
  for (const [id, c] of perId) {
    const n = className(names, id);
    classCounts[n] = (classCounts[n] ?? 0) + c;
  }
  const s: Record<string, number[]> = {
    boxes_per_image: [],
    box_width: [],
    box_height: [],
    box_area: [],
    image_width: [],
    image_height: [],
  };
  const per = boxesByImage(ds);
  for (const img of ds.images) {
    if (img.labelState !== 'unlabeled') s.boxes_per_image!.push(per[img.id]?.length ?? 0);
    if (img.width && img.height) {
      s.image_width!.push(img.width);
      s.image_height!.push(img.height);
    }
  }
  for (const b of ds.boxes) {
    const w = b.x2 - b.x1;
    const h = b.y2 - b.y1;
    if (!(w > 0) || !(h > 0) || !Number.isFinite(w * h)) continue;
    s.box_width!.push(w);
    s.box_height!.push(h);
    s.box_area!.push(w * h);
  }
  if (records) Object.assign(s, records instanceof RecordTable ? recordStats(records) : records);
  return { classCounts, samples: s };
}

const IMAGE_STATS = ['brightness', 'mean', 'contrast', 'sharpness', 'entropy'] as const;

/** The image statistics drift compares, from scan records (kept with a cached analysis: analysis-cache.ts). */
export function recordStats(records: RecordTable): Record<string, number[]> {
  const s: Record<string, number[]> = {};
  for (const k of IMAGE_STATS) s[k] = [];
  for (let i = 0; i < records.length; i++) {
    if (!records.hasStats(i)) continue;
    for (const k of IMAGE_STATS) {
      const v = records.stat(k, i);
      if (Number.isFinite(v)) s[k]!.push(v);
    }
  }
  return s;
}
