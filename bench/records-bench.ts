/**
 * Record-scale benchmark (issue 3, memory goal ≤ 1.5 GB at 1M records): N synthetic scan records
 * (random pHashes with planted near copies, plausible pixel statistics) are written to a record
 * store, the store is reopened and every record read back (what a warm run does), then the image
 * checks (duplicates, leakage, label/duplicate conflicts, outliers, quality) run on a synthetic
 * 2-split dataset of N images. Prints the time of each phase and this process's peak RSS.
 *   npx tsx bench/records-bench.ts [--n 1000000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImageChecks } from '../src/checks/images.js';
import { rng } from './hamming-bench.js';
import { defaultConfig } from '../src/config/schema.js';
import type { Box, Dataset, ImageEntry } from '../src/model.js';
import { RECORD_VERSION, resolveSettings, settingsDigest } from '../src/scan/settings.js';
import { openStore } from '../src/scan/store.js';
import type { ImageRecord } from '../src/scan/types.js';

const hex32 = (x: number) => (x >>> 0).toString(16).padStart(8, '0');

function record(i: number, r: () => number, phash: string): ImageRecord {
  const m = 0.3 + r() * 0.4;
  return {
    v: RECORD_VERSION,
    hash: i.toString(16).padStart(40, '0'),
    bytes: 40_000 + Math.floor(r() * 80_000),
    width: 640,
    height: 480,
    channels: 3,
    format: 'jpeg',
    bitDepth: 8,
    hasAlpha: false,
    space: 'srgb',
    palette: false,
    pixelHash: `p${i}`,
    phash,
    phashD4: phash,
    dhash: phash,
    dhashD4: phash,
    lowVariance: false,
    stats: { mean: m, std: 0.2 + r() * 0.1, var: 0.05, skew: r() - 0.5, kurtosis: 2 + r(), entropy: 4 + r(), zeros: r() * 0.01, brightness: m - 0.1, darkness: m + 0.1, contrast: 0.3 + r() * 0.2, sharpness: r(), channelMean: [m, m, m], channelStd: [0.2, 0.2, 0.2] },
    quality: { dark: 0.5 + r() * 0.5, light: 0.5 + r() * 0.5, lowInformation: 0.5 + r() * 0.5, blurry: 0.5 + r() * 0.5, oddAspectRatio: 0.75, grayscale: false },
  };
}

export async function recordsBench(n: number): Promise<string[]> {
  const u32 = rng(99);
  const r = () => u32() / 2 ** 32;
  const lines: string[] = [];
  const t = (label: string, t0: number) => lines.push(`  ${label.padEnd(46)} ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  let t0 = performance.now();
  const hashes: string[] = [];
  for (let i = 0; i < n; i++) {
    // every 100th image is a near copy (2 bits off) of the previous one
    if (i % 100 === 99) {
      const h = hashes[i - 1]!;
      hashes.push(hex32(parseInt(h.slice(0, 8), 16) ^ 0x11) + h.slice(8));
    } else hashes.push(hex32(r() * 2 ** 32) + hex32(r() * 2 ** 32));
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dqc-records-bench-'));
  try {
    const digest = settingsDigest(resolveSettings());
    const store = openStore(dir, digest);
    for (let i = 0; i < n; i++) {
      store.put(record(i, r, hashes[i]!));
      if (i % 100_000 === 99_999) store.flush();
    }
    store.flush();
    t(`write ${n.toLocaleString('en-US')} records to the store`, t0);

    t0 = performance.now();
    const reopened = openStore(dir, digest);
    const records: (ImageRecord | undefined)[] = new Array(n);
    for (let i = 0; i < n; i++) records[i] = reopened.get(i.toString(16).padStart(40, '0'));
    t('reopen the store and read every record', t0);
    if (records.some((x) => !x)) throw new Error('a record is missing');

    t0 = performance.now();
    const images: ImageEntry[] = [];
    const boxes: Box[] = [];
    for (let i = 0; i < n; i++) {
      images.push({ id: i, path: `images/${i % 10 ? 'train' : 'val'}/img_${String(i).padStart(7, '0')}.jpg`, split: i % 10 ? 'train' : 'val', width: 640, height: 480, labelState: 'labeled', labelPath: `labels/x/${i}.txt`, exists: true } as ImageEntry);
      const k = 1 + (i % 4);
      for (let b = 0; b < k; b++) {
        const x = r() * 0.7;
        const y = r() * 0.7;
        boxes.push({ image: i, classId: (i + b) % 20, x1: x, y1: y, x2: x + 0.1 + r() * 0.2, y2: y + 0.1 + r() * 0.2, file: `labels/x/${i}.txt`, line: b + 1 });
      }
    }
    const ds: Dataset = { root: dir, format: 'yolo', classes: Array.from({ length: 20 }, (_, id) => ({ id, name: `c${id}` })), splits: ['train', 'val'], images, boxes, orphans: [], findings: [], notes: [] };
    const checks = runImageChecks(ds, records, defaultConfig());
    t('image checks (duplicates, leakage, outliers, …)', t0);
    const dup = checks.find((c) => c.id === 'duplicates')!.stats as { nearPairs: number };
    lines.unshift(`records bench: ${n.toLocaleString('en-US')} records, ${boxes.length.toLocaleString('en-US')} boxes; near pairs found ${dup.nearPairs} (planted ${Math.floor(n / 100)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  lines.push(`  peak RSS of this process                        ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (goal ≤ 1.5 GB at 1M records)`);
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const i = process.argv.indexOf('--n');
  for (const line of await recordsBench(i > 0 ? Number(process.argv[i + 1]) : 1_000_000)) console.log(line);
}
