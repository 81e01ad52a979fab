/**
 * Parallel decode. Three interchangeable modes behind one interface:
 *   'process' — N child processes (fork, advanced serialization), K images in flight each;
 *   'thread'  — N worker threads, K in flight each;
 *   'inline'  — this process, N·K in flight (sharp decodes on libuv threads).
 * Measured side by side by bench/scan-bench.ts; 'thread' is the default for real scans (see
 * defaultPoolMode, pool-policy.ts). Jobs carry bytes, or an absolute path the worker reads itself.
 *
 * A worker is worker.ts (dist/scan-worker.js: a small bundle) when it sits next to this module,
 * else this same module, started with SCAN_WORKER_FLAG. A bundled entry point (dist) must also
 * call `if (isScanWorker()) runScanWorker()` before anything else, or pass `workerEntry`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { prestartDecoder, processLane, takeSpare, threadLane, type Lane, type LaneInternal } from './lanes.js';
import { defaultWorkers } from './pool-policy.js';
import { processJob } from './serve.js';
import { RECORD_VERSION, type ScanSettings } from './settings.js';
import type { ImageRecord } from './types.js';

export { SCAN_WORKER_FLAG } from './lanes.js';
// how many images to decode decides the mode and the number of workers
export { defaultPoolMode, defaultWorkers, FEW_DECODES, workersFor } from './pool-policy.js';
// the decode side (and the role switch of a worker started with this module as its entry)
export { isScanWorker, processJob, runScanWorker } from './serve.js';

export type PoolMode = 'process' | 'thread' | 'inline';

export interface PoolJob {
  absPath?: string;
  bytes?: Uint8Array;
  hash?: string;
  /** the bytes belong to the scan alone: a worker thread may take them without a copy */
  transfer?: boolean;
}

export interface PoolResult {
  record: ImageRecord;
  /** the file could not be read (a transient condition: do not cache the record) */
  readError?: boolean;
}

export interface PoolOptions {
  mode: PoolMode;
  /** processes or threads (ignored for inline) */
  workers: number;
  /** images in flight per worker (inline: workers × inflight in total) */
  inflight: number;
  settings: ScanSettings;
  /** module started as a worker; default: this file */
  workerEntry?: string;
}

export interface DecodePool {
  readonly capacity: number;
  run(job: PoolJob): Promise<PoolResult>;
  close(): Promise<void>;
}

/**
 * One decode thread started now, for a scan that is about to come (a large dataset read from a
 * record store: its few misses would otherwise wait for the thread's start after the lookups).
 */
export function prestartDecoders(settings: ScanSettings): void {
  if (os.availableParallelism() > 1) prestartDecoder(settings, 4 * defaultWorkers(), defaultWorkerEntry());
}

export interface Pending {
  job: PoolJob;
  resolve: (r: PoolResult) => void;
  retried?: boolean;
}

/** The small worker entry next to this module (dist/scan-worker.js, src/scan/worker.ts), else this module. */
function defaultWorkerEntry(): string {
  const self = fileURLToPath(import.meta.url);
  const dir = path.dirname(self);
  const names = self.endsWith('.ts') ? ['worker.ts'] : path.basename(self) === 'pool.js' ? ['worker.js'] : ['scan-worker.js'];
  const found = names.map((n) => path.join(dir, n)).find((f) => existsSync(f));
  return found ?? self;
}

/**
 * Jobs a worker holds: `inflight` decoding, the rest queued in the worker. Posting ahead keeps
 * the workers busy while the main thread is (label checks run during the decodes): a worker that
 * waited for the main thread to hand it its next job sat idle.
 */
const LANE_DEPTH = 8;

export function createPool(opts: PoolOptions): DecodePool {
  const inflight = Math.max(1, opts.inflight);
  if (opts.mode === 'inline') return inlinePool(opts.settings, Math.max(1, opts.workers) * inflight);
  const entry = opts.workerEntry ?? defaultWorkerEntry();
  const n = Math.max(1, opts.workers);
  const queue: Pending[] = [];
  const lanes: (Lane | undefined)[] = new Array(n).fill(undefined);
  let nextId = 1;
  let closed = false;

  const onResult = (lane: Lane, id: number, result: PoolResult) => {
    const p = lane.inflight.get(id);
    if (!p) return;
    lane.inflight.delete(id);
    p.resolve(result);
    pump();
  };
  const onExit = (slot: number, lane: Lane) => {
    if (lanes[slot] === lane) lanes[slot] = undefined;
    for (const p of lane.inflight.values()) {
      // transferred bytes are gone with the worker: those jobs are not retried
      if (!p.retried && !closed && !p.job.transfer) {
        p.retried = true;
        queue.unshift(p);
      } else {
        const message = 'the decoder crashed on this file';
        p.resolve({ record: { v: RECORD_VERSION, hash: p.job.hash ?? '', bytes: p.job.bytes?.byteLength ?? 0, error: { kind: 'corrupt', message } }, readError: true });
      }
    }
    lane.inflight.clear();
    if (!closed) pump();
  };
  const spawn = (slot: number): Lane => {
    const lane = opts.mode === 'process' ? processLane(entry, opts.settings, inflight) : (takeSpare(entry, opts.settings, inflight) ?? threadLane(entry, opts.settings, inflight));
    lanes[slot] = lane;
    (lane as LaneInternal).onResult = (id, r) => onResult(lane, id, r);
    (lane as LaneInternal).onExit = () => onExit(slot, lane);
    return lane;
  };
  const pump = () => {
    while (queue.length) {
      let best = -1;
      let load = inflight * LANE_DEPTH;
      for (let i = 0; i < n; i++) {
        const l = lanes[i]?.inflight.size ?? 0;
        if (l < load) {
          load = l;
          best = i;
        }
      }
      if (best < 0) return;
      const lane = lanes[best] ?? spawn(best);
      const p = queue.shift()!;
      const id = nextId++;
      lane.inflight.set(id, p);
      lane.send(id, p.job);
    }
  };
  return {
    capacity: n * inflight,
    run(job) {
      return new Promise<PoolResult>((resolve) => {
        queue.push({ job, resolve });
        pump();
      });
    },
    async close() {
      closed = true;
      await Promise.all(lanes.map((l) => l?.kill()));
    },
  };
}

function inlinePool(settings: ScanSettings, capacity: number): DecodePool {
  let running = 0;
  const queue: (() => void)[] = [];
  return {
    capacity,
    async run(job) {
      if (running >= capacity) await new Promise<void>((r) => queue.push(r));
      running++;
      try {
        return await processJob(job, settings);
      } finally {
        running--;
        queue.shift()?.();
      }
    },
    async close() {},
  };
}
