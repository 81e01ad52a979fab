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

export function runImageChecks(
  ds: Dataset,
  records: RecordTable | readonly (ImageRecord | undefined)[],
  cfg: QcConfig,
  opts: { pairMemo?: PairMemoStore } = {},
): CheckResult[] {
  const ix: ImageContext = { cx: makeContext(ds, cfg), records: records instanceof RecordTable ? records : RecordTable.from(records), ...opts };
  const dups = findDuplicates(ix);
  return [imageErrors(ix), duplicateChecks(ix, dups), leakage(ix, dups), labelDuplicates(ix, dups), outliers(ix), imageQuality(ix)];
}
