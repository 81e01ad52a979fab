/**
 * The decode side of the pool: one job's work (processJob), and a worker's loop serving jobs from
 * its parent, thread or process (runScanWorker). Importing this module in a process or thread
 * that createPool started turns it into such a worker (the role switch at the end).
 */
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { contentHash, sharpLib } from './decode.js';
import { SCAN_WORKER_FLAG, type WorkerReply } from './lanes.js';
import type { PoolJob, PoolResult } from './pool.js';
import { lfsPointer, pointerMessage } from './lfs.js';
import { computeRecord } from './record.js';
import { RECORD_VERSION, type ScanSettings } from './settings.js';

/** Work done for one job, wherever it runs. Never throws. */
export async function processJob(job: PoolJob, settings: ScanSettings): Promise<PoolResult> {
  let bytes: Buffer;
  try {
    if (job.bytes) bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    else if (job.absPath) bytes = readFileSync(job.absPath);
    else throw new Error('no bytes and no path');
  } catch (e) {
    const message = `the file could not be read: ${(e as Error).message}`;
    return { record: { v: RECORD_VERSION, hash: job.hash ?? '', bytes: 0, error: { kind: 'corrupt', message } }, readError: true };
  }
  const hash = job.hash ?? contentHash(bytes);
  // a Git LFS pointer says nothing about the image it stands for: never kept under its hash
  const pointer = lfsPointer(bytes);
  if (pointer) return { record: { v: RECORD_VERSION, hash, bytes: bytes.byteLength, error: { kind: 'lfs-pointer', message: pointerMessage(pointer) } }, readError: true };
  return { record: await computeRecord(bytes, hash, settings) };
}

/** True in a process or thread started by createPool. */
export function isScanWorker(): boolean {
  if (!isMainThread) return Boolean((workerData as { scanWorker?: boolean } | null)?.scanWorker);
  return process.argv.includes(SCAN_WORKER_FLAG) && typeof process.send === 'function';
}

/** Serve decode jobs from the parent until it disconnects: `concurrency` at a time, the rest queued. */
export function runScanWorker(): void {
  const serve = (settings: ScanSettings, concurrency: number, reply: (m: WorkerReply) => void) => {
    const queue: { id: number; job: PoolJob }[] = [];
    let running = 0;
    const next = () => {
      while (running < concurrency && queue.length) {
        const m = queue.shift()!;
        running++;
        void processJob(m.job, settings).then((result) => {
          running--;
          reply({ id: m.id, result });
          next();
        });
      }
    };
    return (m: { id: number; job: PoolJob } | { concurrency: number }) => {
      if ('concurrency' in m) concurrency = Math.max(1, m.concurrency); // a spare lane taken by a pool
      else queue.push(m);
      next();
    };
  };
  // the decoder loads while the first job is on its way (a worker that cannot load it fails, as before)
  void sharpLib();
  if (!isMainThread && parentPort) {
    const data = workerData as { settings: ScanSettings; concurrency?: number };
    const port = parentPort;
    port.on('message', serve(data.settings, Math.max(1, data.concurrency ?? 4), (r) => port.postMessage(r)));
    return;
  }
  const at = process.argv.indexOf(SCAN_WORKER_FLAG);
  const settings = JSON.parse(process.argv[at + 1] ?? '{}') as ScanSettings;
  process.on('message', serve(settings, Math.max(1, Number(process.argv[at + 2]) || 4), (r) => process.send?.(r)));
  process.on('disconnect', () => process.exit(0));
}

// Role switch: a process or thread createPool started with this module's importer as its entry.
if (isScanWorker()) runScanWorker();
