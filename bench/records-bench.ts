/**
 * Record-scale benchmark (issue 3, memory goal ≤ 1.5 GB at 1M records): N synthetic scan records
 * (random pHashes with planted near copies, plausible pixel statistics) are written to a record
 * store, the store is reopened and every record read back (what a warm run does), then the image
 * checks (duplicates, leakage, label/duplicate conflicts, outliers, quality) run on a synthetic
 * 2-split dataset of N images. The writing happens in this process; the warm run (read, dataset,
 * checks) in a fresh child process, whose peak RSS is what a warm run at N images needs. Prints the
 * time of each phase and both peak RSS figures.
 *   npx tsx bench/records-bench.ts [--n 1000000]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImageChecks } from '../src/checks/images.js';
import { rng } from './hamming-bench.js';
import { defaultConfig } from '../src/config/schema.js';
import type { Box, Dataset, ImageEntry } from '../src/model.js';
import { RECORD_VERSION, resolveSettings, settingsDigest } from '../src/scan/settings.js';
import { RecordTable } from '../src/scan/record-table.js';
import { openStore } from '../src/scan/store.js';
import type { ImageRecord } from '../src/scan/types.js';

/** content hashes are SHA-1 (git blob ids): uniformly spread, like these */
const keyOf = (i: number) => createHash('sha1').update(`image ${i}`).digest('hex');
const hex32 = (x: number) => (x >>> 0).toString(16).padStart(8, '0');

function record(i: number, r: () => number, phash: string): ImageRecord {
  const m = 0.3 + r() * 0.4;
  return {
    v: RECORD_VERSION,
    hash: keyOf(i),
    bytes: 40_000 + Math.floor(r() * 80_000),
    width: 640,
    height: 480,
    channels: 3,
    format: 'jpeg',
    bitDepth: 8,
    hasAlpha: false,
    space: 'srgb',
    palette: false,
    pixelHash: createHash('sha256').update(`pixels ${i}`).digest('hex').slice(0, 32), // as the scan writes
    phash,
    phashD4: phash,
    dhash: phash,
    dhashD4: phash,
    lowVariance: false,
    stats: { mean: m, std: 0.2 + r() * 0.1, var: 0.05, skew: r() - 0.5, kurtosis: 2 + r(), entropy: 4 + r(), zeros: r() * 0.01, brightness: m - 0.1, darkness: m + 0.1, contrast: 0.3 + r() * 0.2, sharpness: r(), channelMean: [m, m, m], channelStd: [0.2, 0.2, 0.2] },
    quality: { dark: 0.5 + r() * 0.5, light: 0.5 + r() * 0.5, lowInformation: 0.5 + r() * 0.5, blurry: 0.5 + r() * 0.5, oddAspectRatio: 0.75, grayscale: false },
  };
}

/** What a warm scan does: the store is open while every record is read into the table, then dropped. */
function readAll(dir: string, digest: string, n: number): RecordTable {
  const store = openStore(dir, digest);
  const records = new RecordTable(n);
  for (let i = 0; i < n; i++) records.set(i, store.get(keyOf(i)));
  store.close();
  return records;
}

const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Cold side, in this process: N records written to a new store in 100,000-record segments. */
function writeStore(dir: string, n: number): void {
  const u32 = rng(99);
  const r = () => u32() / 2 ** 32;
  const hashes: string[] = [];
  for (let i = 0; i < n; i++) {
    // every 100th image is a near copy (2 bits off) of the previous one
    if (i % 100 === 99) {
      const h = hashes[i - 1]!;
      hashes.push(hex32(parseInt(h.slice(0, 8), 16) ^ 0x11) + h.slice(8));
    } else hashes.push(hex32(r() * 2 ** 32) + hex32(r() * 2 ** 32));
  }
  const store = openStore(dir, settingsDigest(resolveSettings()));
  for (let i = 0; i < n; i++) {
    store.put(record(i, r, hashes[i]!));
    if (i % 100_000 === 99_999) store.flush();
  }
  store.flush();
  store.close();
}

/** Warm side, in a fresh process (what a warm run holds): read every record, build the dataset, run the image checks. */
function warmRun(dir: string, n: number): string[] {
  const u32 = rng(7);
  const r = () => u32() / 2 ** 32;
  const lines: string[] = [];
  const t = (label: string, t0: number) => lines.push(`  ${label.padEnd(46)} ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  let t0 = performance.now();
  const records = readAll(dir, settingsDigest(resolveSettings()), n);
  t('reopen the store and read every record', t0);
  for (let i = 0; i < n; i++) if (!records.usable(i)) throw new Error('a record is missing');
  t0 = performance.now();
  const images: ImageEntry[] = [];
  const boxes: Box[] = [];
  for (let i = 0; i < n; i++) {
    const labelPath = `labels/x/${i}.txt`; // one string per label file, as the readers do
    images.push({ id: i, path: `images/${i % 10 ? 'train' : 'val'}/img_${String(i).padStart(7, '0')}.jpg`, split: i % 10 ? 'train' : 'val', width: 640, height: 480, labelState: 'labeled', labelPath, exists: true } as ImageEntry);
    const k = 1 + (i % 4);
    for (let b = 0; b < k; b++) {
      const x = r() * 0.7;
      const y = r() * 0.7;
      boxes.push({ image: i, classId: (i + b) % 20, x1: x, y1: y, x2: x + 0.1 + r() * 0.2, y2: y + 0.1 + r() * 0.2, file: labelPath, line: b + 1 });
    }
  }
  const ds: Dataset = { root: dir, format: 'yolo', classes: Array.from({ length: 20 }, (_, id) => ({ id, name: `c${id}` })), splits: ['train', 'val'], images, boxes, orphans: [], findings: [], notes: [] };
  t('build the dataset model (images, boxes)', t0);
  t0 = performance.now();
  const checks = runImageChecks(ds, records, defaultConfig());
  t('image checks (duplicates, leakage, outliers, …)', t0);
  const dup = checks.find((c) => c.id === 'duplicates')!.stats as { nearPairs: number };
  lines.unshift(`  ${boxes.length.toLocaleString('en-US')} boxes; near pairs found ${dup.nearPairs} (planted ${Math.floor(n / 100)})`);
  lines.push(`  peak RSS of the warm run                       ${mb()} MB (goal ≤ 1.5 GB at 1M records)`);
  return lines;
}

export async function recordsBench(n: number): Promise<string[]> {
  const lines = [`records bench: ${n.toLocaleString('en-US')} records`];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dqc-records-bench-'));
  try {
    const t0 = performance.now();
    writeStore(dir, n);
    lines.push(`  write ${n.toLocaleString('en-US')} records to the store`.padEnd(48) + ` ${((performance.now() - t0) / 1000).toFixed(2)} s, peak RSS of the writer ${mb()} MB`);
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--warm', dir, '--n', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`the warm run failed: ${child.stderr}`);
    lines.push(...child.stdout.trimEnd().split('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const n = Number(arg('--n') ?? 1_000_000);
  const warm = arg('--warm');
  for (const line of warm ? warmRun(warm, n) : await recordsBench(n)) console.log(line);
}
