/**
 * Entry of the checks worker (offload.ts; bundled as dist/check-worker.js). It gets the dataset
 * and config first and runs the label checks at once, then the scan records, runs the 'pairs'
 * image checks (the main thread runs the 'stats' ones meanwhile) and answers with the results.
 * A failure answers { error }: the main thread then runs the checks itself, so an exception
 * surfaces exactly as it would have without the worker.
 */
import { parentPort } from 'node:worker_threads';
import type { QcConfig } from '../config/schema.js';
import type { CheckResult } from '../findings.js';
import type { Dataset } from '../model.js';
import { unpackBoxes, type BoxColumns } from '../box-columns.js';
import { RecordTable } from '../scan/record-table.js';
import { runLabelChecks } from './labels.js';
import { imageStage } from './stages.js';

/** The dataset comes without its box objects: `boxes` holds its boxes' columns (box-columns.ts). */
export type CheckJob = { kind: 'dataset'; ds: Omit<Dataset, 'boxes'>; boxes: BoxColumns; cfg: QcConfig; cacheDir?: string } | { kind: 'records'; records: unknown };
export type CheckReply = { checks: CheckResult[] } | { error: string };

const port = parentPort;
if (port) {
  let job: { ds: Dataset; cfg: QcConfig; cacheDir?: string } | undefined;
  let labels: CheckResult[] | { error: string } | undefined;
  port.on('message', (m: CheckJob) => {
    if (m.kind === 'dataset') {
      try {
        const boxes = unpackBoxes(m.boxes);
        if (!boxes) throw new Error('the boxes did not arrive whole');
        job = { ds: { ...m.ds, boxes }, cfg: m.cfg, ...(m.cacheDir ? { cacheDir: m.cacheDir } : {}) };
        labels = runLabelChecks(job.ds, m.cfg);
      } catch (e) {
        labels = { error: String(e) };
      }
      return;
    }
    let reply: CheckReply;
    try {
      if (!job || !labels || !Array.isArray(labels)) throw new Error(labels && !Array.isArray(labels) ? labels.error : 'no dataset');
      const records = m.records ? RecordTable.revive(m.records) : undefined;
      reply = { checks: [...labels, ...imageStage(job.ds, records, job.cfg, job.cacheDir, 'pairs')] };
    } catch (e) {
      reply = { error: String(e) };
    }
    port.postMessage(reply);
    port.close();
  });
}
