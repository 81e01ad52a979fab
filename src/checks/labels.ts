/** Runs every label check on a dataset (boxes grouped by image once, shared by all). */
import type { QcConfig } from '../config/schema.js';
import type { CheckResult } from '../findings.js';
import type { Dataset } from '../model.js';
import { backgroundShare } from './background.js';
import { boxOverlap } from './box-overlap.js';
import { boxSanity } from './box-sanity.js';
import { classBalance } from './class-balance.js';
import { makeContext } from './context.js';
import { cooccurrence } from './cooccurrence.js';
import { distribution } from './distribution.js';
import { fileChecks } from './files.js';
import { heatmap } from './heatmap.js';

/** Result ids: class-balance, background, distribution, cooccurrence, heatmap, box-sanity, box-overlap, files. */
export function runLabelChecks(ds: Dataset, cfg: QcConfig): CheckResult[] {
  const cx = makeContext(ds, cfg);
  return [classBalance(cx), backgroundShare(cx), distribution(cx), cooccurrence(cx), heatmap(cx), boxSanity(cx), boxOverlap(cx), fileChecks(cx)];
}
