/**
 * The workers of a decode pool (pool.ts): child processes or worker threads, each serving jobs
 * `concurrency` at a time. A thread may be started before its pool (prestartDecoder): it loads
 * its bundle and sharp (~0.1–0.4 s of one core) while the main thread still reads the dataset,
 * and the first thread pool takes it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Pending, PoolJob, PoolResult } from './pool.js';
import type { ScanSettings } from './settings.js';

export const SCAN_WORKER_FLAG = '--dataset-qc-scan-worker';

let spare: { entry: string; settings: string; lane: LaneInternal } | undefined;

/** Start one decode thread ahead of its pool; it does not keep the process alive until taken. */
export function prestartDecoder(settings: ScanSettings, concurrency: number, entry: string): void {
  if (spare && !spare.lane.dead) return;
  try {
    const lane = threadLane(entry, settings, concurrency) as LaneInternal;
    lane.hold?.(false);
    spare = { entry, settings: JSON.stringify(settings), lane };
  } catch {
    spare = undefined; // the pool starts its own
  }
}

/** Whether a prestarted thread is waiting to be taken. */
export function hasSpare(): boolean {
  return !!spare && !spare.lane.dead;
}

/** The prestarted thread, if it is alive and was started for this entry and settings. */
export function takeSpare(entry: string, settings: ScanSettings, concurrency: number): LaneInternal | undefined {
  const s = spare;
  spare = undefined;
  if (!s || s.lane.dead || s.entry !== entry || s.settings !== JSON.stringify(settings)) {
    void s?.lane.kill();
    return undefined;
  }
  s.lane.hold?.(true);
  s.lane.tune?.(concurrency);
  spareTaken.count++;
  return s.lane;
}

/** Spares taken by a pool in this process (tests). */
export const spareTaken = { count: 0 };

export interface Lane {
  send(id: number, job: PoolJob): void;
  inflight: Map<number, Pending>;
  kill(): Promise<void>;
}

export interface LaneInternal extends Lane {
  onResult?: (id: number, r: PoolResult) => void;
  onExit?: () => void;
  /** the thread keeps the process alive (a spare does not until a pool takes it) */
  hold?: (on: boolean) => void;
  /** concurrency of a spare taken by a pool with another setting */
  tune?: (concurrency: number) => void;
  dead?: boolean;
}

export interface WorkerReply {
  id: number;
  result: PoolResult;
}

export function processLane(entry: string, settings: ScanSettings, concurrency: number): Lane {
  const child: ChildProcess = fork(entry, [SCAN_WORKER_FLAG, JSON.stringify(settings), String(concurrency)], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const lane: LaneInternal = {
    inflight: new Map(),
    send: (id, job) => child.send({ id, job }),
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
  child.on('message', (m: WorkerReply) => lane.onResult?.(m.id, m.result));
  child.on('exit', () => lane.onExit?.());
  child.on('error', () => lane.onExit?.());
  return lane;
}

export function threadLane(entry: string, settings: ScanSettings, concurrency: number): Lane {
  const data = { scanWorker: true, settings, concurrency };
  // A .ts entry (development under tsx): module hooks do not reach worker threads on Node 20,
  // so the worker registers tsx itself before importing the entry.
  const worker = entry.endsWith('.ts')
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); });`,
        { eval: true, argv: [SCAN_WORKER_FLAG], workerData: data },
      )
    : new Worker(entry, { argv: [SCAN_WORKER_FLAG], workerData: data });
  const lane: LaneInternal = {
    inflight: new Map(),
    send: (id, job) => {
      const b = job.bytes;
      const whole = b && job.transfer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
      worker.postMessage({ id, job: { ...job, transfer: false } }, whole ? [b.buffer as ArrayBuffer] : []);
    },
    kill: async () => {
      await worker.terminate();
    },
  };
  lane.hold = (on) => (on ? worker.ref() : worker.unref());
  lane.tune = (concurrency) => worker.postMessage({ concurrency });
  worker.on('message', (m: WorkerReply) => lane.onResult?.(m.id, m.result));
  const exited = () => {
    lane.dead = true;
    lane.onExit?.();
  };
  worker.on('exit', exited);
  worker.on('error', exited);
  return lane;
}

