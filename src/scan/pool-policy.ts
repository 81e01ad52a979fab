/**
 * Pool policy: which pool mode and how many workers a scan starts for the number of images it
 * has to decode (defaultPoolMode, workersFor, defaultWorkers). The pool itself is pool.ts.
 */
import os from 'node:os';
import { hasSpare } from './lanes.js';
import type { PoolMode } from './pool.js';

/**
 * Worker threads won in bench/scan-bench.ts (1,000 JPEGs, 2 cores, one run, after start-up):
 * threads 269 img/s, in-process 177, child processes 154 (raw decode: 278). The scan hashes each
 * file's bytes before any decode (cache lookup), so the bytes must reach the worker: a thread
 * takes them without a copy, a child process gets them through a pipe. Small scans stay inline.
 */
export function defaultPoolMode(toDecode: number): PoolMode {
  // a decode thread started ahead (prestartDecoders) has loaded sharp meanwhile: even one decode
  // goes there rather than loading sharp on this thread
  return (toDecode >= 48 || (toDecode > 0 && hasSpare())) && os.availableParallelism() > 1 ? 'thread' : 'inline';
}

/** Below this many decodes one worker does them (workersFor). */
export const FEW_DECODES = 400;

/**
 * Workers worth starting for this many decodes. Each worker loads sharp and runs the statistics
 * code cold (~0.2 s of CPU before it decodes at full speed, measured): for a PR's few changed
 * images a second worker only competes with the main thread's checks.
 */
export function workersFor(toDecode: number): number {
  return toDecode < FEW_DECODES ? 1 : Infinity;
}

export function defaultWorkers(): number {
  return Math.max(1, Math.min(os.availableParallelism(), 8));
}
