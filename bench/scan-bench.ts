/**
 * Image scan benchmark (issue 3). In ONE run, on the same files:
 *   (a) the raw sharp full-decode loop, 2 in flight (`sharp(buf).raw().toBuffer()`), images/s;
 *   (b) our cold scan (empty record store), images/s and its ratio to (a) — goal ≥ 85 %;
 *   (c) a warm rerun with everything cached — goal ≤ 5 % of the cold time — (plain files: content
 *       hashes from the stat cache; also timed with that cache deleted, and with git blob SHAs given);
 *   (d) peak RSS of this process (worker processes not included).
 *   npx tsx bench/scan-bench.ts [--n N] [--dir DIR] [--shared] [--modes process,thread,inline]
 *                               [--thumb 160] [--full-stats] [--workers 2] [--inflight 4]
 * Images: N photo-like 640×480 JPEGs (noise + gradients + shapes, each a different crop and
 * exposure of one of 16 generated scenes), written once to os.tmpdir() and reused.
 * --shared: every JPEG under ../shared/datasets instead (no generation).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { PoolMode } from '../src/scan/pool.js';
import { scanImages, type ScanItem } from '../src/scan/scan.js';
import { resolveSettings, type ScanSettings } from '../src/scan/settings.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};

function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A 1280×960 scene: two-colour gradient, discs, a sinusoidal texture and pixel noise. */
function scene(seed: number): Buffer {
  const w = 1280;
  const h = 960;
  const r = rng(seed * 7919 + 1);
  const px = Buffer.alloc(w * h * 3);
  const a = [r() * 255, r() * 255, r() * 255];
  const b = [r() * 255, r() * 255, r() * 255];
  const discs = Array.from({ length: 12 }, () => ({ cx: r() * w, cy: r() * h, rad: 30 + r() * 200, c: [r() * 255, r() * 255, r() * 255] }));
  const fx = 0.02 + r() * 0.2;
  const fy = 0.02 + r() * 0.2;
  for (let y = 0, o = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const t = (x / w + y / h) / 2;
      let c = [a[0]! * (1 - t) + b[0]! * t, a[1]! * (1 - t) + b[1]! * t, a[2]! * (1 - t) + b[2]! * t];
      for (const d of discs) if ((x - d.cx) ** 2 + (y - d.cy) ** 2 < d.rad * d.rad) c = d.c;
      const tex = 18 * Math.sin(x * fx) * Math.cos(y * fy);
      const n = (r() - 0.5) * 36;
      for (let k = 0; k < 3; k++) px[o++] = Math.max(0, Math.min(255, c[k]! + tex + n));
    }
  return px;
}

async function makeImages(n: number, dir = path.join(os.tmpdir(), `dataset-qc-scan-bench-${n}`)): Promise<string[]> {
  const files = Array.from({ length: n }, (_, i) => path.join(dir, `img_${String(i).padStart(6, '0')}.jpg`));
  if (readCount(dir) === n) return files;
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`generating ${n} JPEGs in ${dir} …\n`);
  const scenes = Array.from({ length: 16 }, (_, i) => scene(i));
  const r = rng(12345);
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < n) {
        const i = next++;
        const left = Math.floor(r() * 640);
        const top = Math.floor(r() * 480);
        const jpg = await sharp(scenes[i % 16]!, { raw: { width: 1280, height: 960, channels: 3 } })
          .extract({ left, top, width: 640, height: 480 })
          .modulate({ brightness: 0.7 + r() * 0.6 })
          .jpeg({ quality: 90 })
          .toBuffer();
        writeFileSync(files[i]!, jpg);
      }
    }),
  );
  writeFileSync(path.join(dir, '.complete'), String(n));
  return files;
}

function readCount(dir: string): number {
  try {
    return Number(readFileSync(path.join(dir, '.complete'), 'utf8') || NaN);
  } catch {
    return -1;
  }
}

function sharedJpegs(): string[] {
  const dirs = [path.resolve(root, '../shared/datasets'), '/work/shared/datasets'];
  const dir = dirs.find((d) => existsSync(d));
  if (!dir) throw new Error('shared datasets not found');
  const out = execFileSync('find', [dir, '-type', 'f', '(', '-iname', '*.jpg', '-o', '-iname', '*.jpeg', ')'], { encoding: 'utf8' });
  return out.trim().split('\n').filter(Boolean).sort();
}

async function rawLoop(files: string[], inflight: number): Promise<number> {
  const t0 = performance.now();
  let i = 0;
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      while (i < files.length) await sharp(readFileSync(files[i++]!)).raw().toBuffer();
    }),
  );
  return (performance.now() - t0) / 1000;
}

interface Knobs {
  workers: number;
  inflight: number;
}

async function timedScan(files: string[], cacheDir: string | undefined, mode: PoolMode | undefined, settings: Partial<ScanSettings>, knobs: Knobs, hashes?: string[]) {
  const items: ScanItem[] = files.map((f, i) => ({ path: f, absPath: f, ...(hashes ? { hash: hashes[i]! } : {}) }));
  const { workers, inflight } = knobs;
  const t0 = performance.now();
  let first = 0;
  const res = await scanImages(items, {
    ...(cacheDir ? { cacheDir } : {}),
    ...(mode ? { poolMode: mode } : {}),
    workers,
    concurrency: workers * inflight,
    settings,
    onProgress: (done) => {
      if (done === 1) first = performance.now();
    },
  });
  const end = performance.now();
  const s = (end - t0) / 1000;
  const errors = res.records.errors().length;
  const hashesOut = res.records.toArray().map((r) => r!.hash);
  // throughput after the first record: leaves out worker start-up (slow under tsx, where each
  // worker compiles the TypeScript sources; small in the bundled dist)
  const steady = first ? (files.length - 1) / ((end - first) / 1000) : NaN;
  return { s, steady, startup: first ? (first - t0) / 1000 : NaN, scan: res.scan, filesRead: res.filesRead, errors, hashes: hashesOut };
}

export interface ScanBenchOptions {
  /** number of generated 640×480 JPEGs (ignored with shared) */
  n: number;
  /** where the generated images live (default os.tmpdir()/dataset-qc-scan-bench-<n>; reused when complete) */
  dir?: string;
  /** every JPEG under ../shared/datasets instead of generated images */
  shared?: boolean;
  /** pool modes to time once each without a store (process, thread, inline) */
  modes?: PoolMode[];
  settings?: Partial<ScanSettings>;
  workers?: number;
  inflight?: number;
}

export interface ScanBenchResult {
  images: number;
  /** (a) raw sharp full-decode loop, 2 in flight: mean of a run before and after the scans */
  rawPerSecond: number;
  /** (b) cold scan, empty record store */
  coldSeconds: number;
  coldPerSecond: number;
  /** cold throughput / raw throughput (goal ≥ 0.85) */
  coldRatio: number;
  /** (c) warm rerun with the same store: plain files, hashes from the stat cache (reads no image) */
  warmSeconds: number;
  /** warm / cold wall time (goal ≤ 0.05) */
  warmRatio: number;
  /** warm rerun with the stat cache deleted: reads and hashes every file */
  warmRehashSeconds: number;
  /** warm rerun with the content hashes given (git blob SHAs): reads no file */
  warmKnownSeconds: number;
  decodedCold: number;
  fromCacheWarm: number;
  /** seconds per pool mode (no store) */
  modes: Partial<Record<PoolMode, number>>;
  peakRssMB: number;
  /** printable lines */
  lines: string[];
}

export async function scanBench(opts: ScanBenchOptions): Promise<ScanBenchResult> {
  const files = opts.shared ? sharedJpegs() : await makeImages(opts.n, opts.dir);
  const settings: Partial<ScanSettings> = opts.settings ?? {};
  const knobs: Knobs = { workers: opts.workers ?? 2, inflight: opts.inflight ?? 4 };
  const resolved = resolveSettings(settings);
  const modes = opts.modes ?? [];
  const n = files.length;
  await rawLoop(files.slice(0, 50), 2); // warm the page cache and sharp
  const rows: string[][] = [];
  const rate = (s: number) => `${(n / s).toFixed(0)} img/s`;

  // Other processes share this machine: (a) is measured before and after the scans and the
  // ratio uses their mean.
  const rawBefore = await rawLoop(files, 2);
  const modeRows: [PoolMode, Awaited<ReturnType<typeof timedScan>>][] = [];
  for (const mode of modes) modeRows.push([mode, await timedScan(files, undefined, mode, settings, knobs)]);

  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'dataset-qc-scan-store-'));
  let cold: Awaited<ReturnType<typeof timedScan>>;
  let warm: Awaited<ReturnType<typeof timedScan>>;
  let known: Awaited<ReturnType<typeof timedScan>>;
  let rehash: Awaited<ReturnType<typeof timedScan>>;
  let rawS: number;
  try {
    cold = await timedScan(files, cacheDir, undefined, settings, knobs);
    const rawAfter = await rawLoop(files, 2);
    rawS = (rawBefore + rawAfter) / 2;
    rows.push(['(a) raw sharp full decode, 2 in flight', rate(rawS), `${rawS.toFixed(2)} s`, `before ${rate(rawBefore)}, after ${rate(rawAfter)}`]);
    for (const [mode, r] of modeRows) {
      rows.push([
        `    scan, no store, pool=${mode}`,
        rate(r.s),
        `${r.s.toFixed(2)} s`,
        `${((rawS / r.s) * 100).toFixed(0)} % of (a); after start-up (${r.startup.toFixed(2)} s) ${r.steady.toFixed(0)} img/s = ${((r.steady * rawS * 100) / n).toFixed(0)} %`,
      ]);
    }
    rows.push([`(b) cold scan (empty store), decoded ${cold.scan.decoded}, errors ${cold.errors}`, rate(cold.s), `${cold.s.toFixed(2)} s`, `${((rawS / cold.s) * 100).toFixed(0)} % of (a) (goal ≥ 85 %); after start-up ${((cold.steady * rawS * 100) / n).toFixed(0)} %`]);
    warm = await timedScan(files, cacheDir, undefined, settings, knobs);
    rows.push([`(c) warm rerun, decoded ${warm.scan.decoded}, from cache ${warm.scan.fromCache}`, rate(warm.s), `${warm.s.toFixed(2)} s`, `${((warm.s / cold.s) * 100).toFixed(1)} % of cold (goal ≤ 5 %); plain files: hashes by stat, ${warm.filesRead} files read`]);
    rmSync(path.join(cacheDir, 'hashes-v1.tsv'), { force: true });
    rehash = await timedScan(files, cacheDir, undefined, settings, knobs);
    rows.push([`    warm rerun, stat cache deleted`, rate(rehash.s), `${rehash.s.toFixed(2)} s`, `${((rehash.s / cold.s) * 100).toFixed(1)} % of cold; reads + hashes all ${rehash.filesRead} files`]);
    known = await timedScan(files, cacheDir, undefined, settings, knobs, warm.hashes);
    rows.push([`    warm rerun, content hashes known (git blob SHAs)`, rate(known.s), `${known.s.toFixed(2)} s`, `${((known.s / cold.s) * 100).toFixed(1)} % of cold; reads no file`]);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  rows.push(['(d) peak RSS of this process', `${peakRssMB} MB`, '', '']);

  const w = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = [
    `scan bench: ${n} ${opts.shared ? 'shared-dataset' : 'generated 640×480'} JPEGs, ${os.availableParallelism()} cores, stats ${resolved.statsResolution}${resolved.statsResolution === 'thumb' ? ` ≤${resolved.thumbSize} px` : ''}, workers ${knobs.workers} × ${knobs.inflight} in flight`,
    ...rows.map((r) => r.map((c, i) => c.padEnd(w[i]!)).join(' | ')),
  ];
  return {
    images: n,
    rawPerSecond: n / rawS,
    coldSeconds: cold.s,
    coldPerSecond: n / cold.s,
    coldRatio: rawS / cold.s,
    warmSeconds: warm.s,
    warmRatio: warm.s / cold.s,
    warmRehashSeconds: rehash.s,
    warmKnownSeconds: known.s,
    decodedCold: cold.scan.decoded,
    fromCacheWarm: warm.scan.fromCache,
    modes: Object.fromEntries(modeRows.map(([m, r]) => [m, r.s])),
    peakRssMB,
    lines,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const settings: Partial<ScanSettings> = {
    ...(opt('thumb', '') ? { thumbSize: Number(opt('thumb', '')) } : {}),
    ...(flag('full-stats') ? { statsResolution: 'full' as const } : {}),
  };
  const res = await scanBench({
    n: Number(opt('n', opt('images', '2000'))),
    ...(opt('dir', '') ? { dir: opt('dir', '') } : {}),
    shared: flag('shared'),
    modes: opt('modes', '').split(',').filter(Boolean) as PoolMode[],
    settings,
    workers: Number(opt('workers', '2')),
    inflight: Number(opt('inflight', '4')),
  });
  for (const l of res.lines) console.log(l);
}
