/**
 * The image stage of one analysis's checks, the same on the main thread and on the checks worker
 * (offload.ts): once the scan records are there (the label checks, runLabelChecks, need none and
 * run while the images decode), the image checks — or, for a labels-only run, grouped leakage.
 */
import type { QcConfig } from '../config/schema.js';
import type { CheckResult } from '../findings.js';
import type { Dataset } from '../model.js';
import { memoFiles } from '../scan/memo-file.js';
import type { RecordTable } from '../scan/record-table.js';
import { runImageChecks, type ImageChecksPart } from './images.js';
import { pixelFreeLeakage } from './leakage.js';

/**
 * records undefined: a labels-only run (grouped leakage needs no pixels, and is part of 'pairs').
 * The parts of runImageChecks: 'pairs' on the checks worker, 'stats' meanwhile on the main thread.
 */
export function imageStage(ds: Dataset, records: RecordTable | undefined, cfg: QcConfig, cacheDir?: string, part: ImageChecksPart = 'all'): CheckResult[] {
  if (records) return runImageChecks(ds, records, cfg, { ...(cacheDir ? { pairMemo: memoFiles(cacheDir) } : {}), part });
  if (part === 'stats') return [];
  const g = pixelFreeLeakage(ds, cfg);
  return [{ id: 'leakage', findings: g.findings, stats: g.stats }];
}
