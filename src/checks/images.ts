/**
 * Runs every check on the per-image scan records: unreadable and unusual images, duplicates
 * (exact, pixel-identical, near), split leakage (duplicates and group keys), duplicates whose labels
 * disagree and static frames, outliers on the image statistics, and CleanVision's quality issues.
 *
 * `records.get(img.id)` is the record of `ds.images[img.id]`, undefined when the image was not
 * scanned (missing on disk). Result ids: image-errors, duplicates, leakage, label-dups, outliers,
 * image-quality.
 */
import type { QcConfig } from '../config/schema.js';
import type { CheckResult } from '../findings.js';
import type { Dataset } from '../model.js';
import type { PairMemoStore } from '../scan/near-memo.js';
import { RecordTable } from '../scan/record-table.js';
import type { ImageRecord } from '../scan/types.js';
import { makeContext, type LabelContext } from './context.js';
import { duplicateChecks, findDuplicates } from './duplicates.js';
import { imageErrors } from './image-errors.js';
import { imageQuality } from './image-quality.js';
import { labelDuplicates } from './label-dups.js';
import { leakage } from './leakage.js';
import { outliers } from './outliers.js';

/** What the image checks share: the label context (boxes per image, class names) and the records. */
export interface ImageContext {
  cx: LabelContext;
  records: RecordTable;
  /** the last run's near-pair answers (near-memo.ts): the searches only look at new hashes */
  pairMemo?: PairMemoStore;
}

/**
 * Which image checks: 'pairs' (duplicates, leakage, label disagreement: the near-pair searches),
 * 'stats' (image errors, outliers, quality: per-image statistics) or both. Two threads can run
 * the two parts (offload.ts); IMAGE_CHECKS is the order of the results either way.
 */
export type ImageChecksPart = 'all' | 'pairs' | 'stats';
export const IMAGE_CHECKS = ['image-errors', 'duplicates', 'leakage', 'label-dups', 'outliers', 'image-quality'];

export function runImageChecks(
  ds: Dataset,
  records: RecordTable | readonly (ImageRecord | undefined)[],
  cfg: QcConfig,
  opts: { pairMemo?: PairMemoStore; part?: ImageChecksPart } = {},
): CheckResult[] {
  const ix: ImageContext = { cx: makeContext(ds, cfg), records: records instanceof RecordTable ? records : RecordTable.from(records), ...(opts.pairMemo ? { pairMemo: opts.pairMemo } : {}) };
  const part = opts.part ?? 'all';
  const stats = part === 'pairs' ? [] : [imageErrors(ix), outliers(ix), imageQuality(ix)];
  let pairs: CheckResult[] = [];
  if (part !== 'stats') {
    const dups = findDuplicates(ix);
    pairs = [duplicateChecks(ix, dups), leakage(ix, dups), labelDuplicates(ix, dups)];
  }
  return inImageOrder([...stats, ...pairs]);
}

/** Image check results in IMAGE_CHECKS order (results of two parts joined). */
export function inImageOrder(results: CheckResult[]): CheckResult[] {
  const at = (r: CheckResult) => IMAGE_CHECKS.indexOf(r.id);
  return results.sort((a, b) => at(a) - at(b));
}
