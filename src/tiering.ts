/**
 * V8's top compiler tier, by the length of the run. A warm PR run lasts about a second, and
 * TurboFan spent more CPU compiling in it than our main thread spent running: its background
 * compile threads took 0.65–0.95 s of the run's 2.2–2.8 s CPU (10,000-image bench, per-thread
 * /proc times). Those compiles pay off only in long runs. So the fronts start a run in V8's battery
 * saver mode (V8 ≥ 12, Node ≥ 22: no TurboFan, Maglev only, GC tuned for fewer cycles; measured on
 * the warm PR run: −220 ms wall, 10 of 10 paired runs) and leave it as soon as the run turns out
 * long: many images to decode (the pixel loops lose 10 % without TurboFan), a large dataset read
 * without a prior, checks over a very large dataset, or a few seconds gone, whatever the work.
 * Early matters: a function that ran hot under Maglev in the short mode may stay there (seen on
 * V8 13.6). V8 reads the flag at each tier-up decision, so the switch takes effect at once, in
 * every thread (flags are per process). DATASET_QC_TIERING=default leaves V8 as it is.
 */
import v8 from 'node:v8';

/** decodes that make a run long: at ~300 images/s they take seconds, TurboFan's compiles pay off */
export const LONG_RUN_DECODES = 500;
/** files in a dataset read without a prior (every label file parsed): a long run */
export const LONG_RUN_FILES = 20_000;
/** images whose checks run (no cached analysis): seconds of checks */
export const LONG_RUN_IMAGES = 100_000;
/** after this long any run is a long one */
export const LONG_RUN_MS = 3_000;

let short = false;
let timer: NodeJS.Timeout | undefined;
let setFlag: (flag: string) => void = v8.setFlagsFromString;

/** V8 12 (Node 22) has the flag; older V8s print an error for an unknown flag */
export function tieringSupported(version = process.versions.v8): boolean {
  return Number(version.split('.')[0]) >= 12;
}

export interface ShortRunOptions {
  /** after this long the run is a long one (default LONG_RUN_MS) */
  ms?: number;
  /** sets a V8 flag (tests record the calls instead) */
  setFlag?: (flag: string) => void;
  /** default: tieringSupported() and DATASET_QC_TIERING is not 'default' */
  enabled?: boolean;
}

/** Start the run in battery saver mode (a front calls this first); a no-op where V8 lacks it. */
export function startShortRun(o: ShortRunOptions = {}): void {
  if (short || !(o.enabled ?? (tieringSupported() && process.env.DATASET_QC_TIERING !== 'default'))) return;
  setFlag = o.setFlag ?? v8.setFlagsFromString;
  setFlag('--battery-saver-mode');
  short = true;
  timer = setTimeout(() => longRun(), o.ms ?? LONG_RUN_MS);
  timer.unref();
}

/** The run is a long one: full tiering from now on (a no-op unless startShortRun started). */
export function longRun(): void {
  if (!short) return;
  short = false;
  clearTimeout(timer);
  setFlag('--no-battery-saver-mode');
}

/** whether this process runs in the short-run mode */
export function inShortRun(): boolean {
  return short;
}
