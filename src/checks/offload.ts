/**
 * The checks of one analysis on a worker thread (check-worker.ts) while the main thread goes on:
 * store lookups and decodes, the base side of a comparison, the dataset diff and drift. On two
 * cores this takes the checks (the larger half of a warm PR run's CPU) off the critical path.
 *
 * The worker gets a slim structured clone of the dataset (what the checks read: no file list; the
 * boxes as transferred columns, box-columns.ts) and, later, of the record table (typed arrays: a
 * copy, the main thread keeps its own). Below
 * OFFLOAD_MIN images the clone and the worker's start cost more than they save; above OFFLOAD_MAX
 * the copies would double a large run's memory. Anything that goes wrong with the worker (it does
 * not start, throws, exits) makes finish() answer undefined: the caller runs the checks itself.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { QcConfig } from '../config/schema.js';
import type { CheckResult } from '../findings.js';
import { columnBuffers, packBoxes } from '../box-columns.js';
import type { Dataset } from '../model.js';
import type { RecordTable } from '../scan/record-table.js';
import type { CheckJob, CheckReply } from './check-worker.js';

export const OFFLOAD_MIN = 2_000;
export const OFFLOAD_MAX = 250_000;

/** Answers the workers gave in this process (tests tell a worker's result from the fallback's). */
export const offloadAnswers = { count: 0 };

export interface OffloadedChecks {
  /** hand over the records (undefined: labels only); every check's result, or undefined: run them here */
  finish(records: RecordTable | undefined): Promise<CheckResult[] | undefined>;
  /** the analysis failed before finish(): end the worker (it would keep the process alive) */
  cancel(): void;
}

/** 'auto': by dataset size; true/false: always/never (tests compare both). */
export type OffloadMode = boolean | 'auto';

export function startChecks(ds: Dataset, cfg: QcConfig, cacheDir: string | undefined, mode: OffloadMode = 'auto'): OffloadedChecks | undefined {
  const n = ds.images.length;
  if (mode === false || (mode === 'auto' && (n < OFFLOAD_MIN || n > OFFLOAD_MAX))) return undefined;
  const entry = workerEntry();
  if (!entry) return undefined;
  let worker: Worker | undefined;
  try {
    worker = entry.endsWith('.ts')
      ? // development under tsx: module hooks do not reach worker threads on Node 20
        new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); });`, { eval: true })
      : new Worker(entry);
    const slim: Omit<Dataset, 'boxes'> = { root: ds.root, format: ds.format, classes: ds.classes, splits: ds.splits, images: ds.images, orphans: ds.orphans, findings: [], notes: [], ...(ds.source !== undefined ? { source: ds.source } : {}) };
    const boxes = packBoxes(ds.boxes);
    worker.postMessage({ kind: 'dataset', ds: slim, boxes, cfg, ...(cacheDir ? { cacheDir } : {}) } satisfies CheckJob, columnBuffers(boxes));
  } catch {
    void worker?.terminate(); // a started worker would keep the process alive
    return undefined;
  }
  const w = worker;
  const reply = new Promise<CheckResult[] | undefined>((resolve) => {
    w.once('message', (m: CheckReply) => {
      if ('checks' in m) offloadAnswers.count++;
      resolve('checks' in m ? m.checks : undefined);
    });
    w.once('error', () => resolve(undefined));
    w.once('exit', () => resolve(undefined));
  });
  return {
    async finish(records) {
      try {
        w.postMessage({ kind: 'records', records } satisfies CheckJob);
      } catch {
        void w.terminate();
        return undefined;
      }
      const checks = await reply;
      void w.terminate();
      return checks;
    },
    cancel: () => void w.terminate(),
  };
}

/** check-worker next to this module: the bundle's dist/check-worker.js, tsc's check-worker.js or the .ts source. */
function workerEntry(): string | undefined {
  const self = fileURLToPath(import.meta.url);
  const name = self.endsWith('.ts') ? 'check-worker.ts' : 'check-worker.js';
  const file = path.join(path.dirname(self), name);
  return existsSync(file) ? file : undefined;
}
