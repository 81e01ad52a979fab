/**
 * Label-only benchmark (issue 2): a generated YOLO dataset of N label files (≈ 8 boxes each)
 * and N 640×480 JPEGs (hard links to one file), checked with `dataset-qc check --labels-only` in a fresh process.
 * Prints wall time, boxes/s and peak RSS for several sizes (memory should grow linearly in boxes).
 *   npx tsx bench/labels-bench.ts [--sizes 25000,50000,100000]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export async function makeYoloSet(dir: string, n: number): Promise<number> {
  const marker = path.join(dir, '.complete');
  if (existsSync(marker)) return Number(JSON.parse(await import('node:fs').then((f) => f.readFileSync(marker, 'utf8'))).boxes);
  // 640×480, the usual YOLO training size; every image is a hard link to one file (little disk).
  const jpg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 120, b: 60 } } }).jpeg().toBuffer();
  const master = path.join(dir, 'master.jpg.bin');
  writeFileSync(master, jpg);
  const classes = Array.from({ length: 20 }, (_, i) => `class_${i}`);
  writeFileSync(path.join(dir, 'data.yaml'), `path: .\ntrain: images/train\nval: images/val\nnames: [${classes.join(', ')}]\n`);
  const r = rng(42);
  let boxes = 0;
  for (const split of ['train', 'val']) {
    mkdirSync(path.join(dir, 'images', split), { recursive: true });
    mkdirSync(path.join(dir, 'labels', split), { recursive: true });
  }
  for (let i = 0; i < n; i++) {
    const split = i % 10 < 8 ? 'train' : 'val';
    const name = `img_${String(i).padStart(6, '0')}`;
    const k = i % 20 === 0 ? 0 : 4 + Math.floor(r() * 9); // 5 % background, 4..12 boxes
    const lines: string[] = [];
    for (let b = 0; b < k; b++) {
      const w = 0.05 + r() * 0.3;
      const h = 0.05 + r() * 0.3;
      const cx = w / 2 + r() * (1 - w);
      const cy = h / 2 + r() * (1 - h);
      lines.push(`${Math.floor(r() * 20)} ${cx.toFixed(6)} ${cy.toFixed(6)} ${w.toFixed(6)} ${h.toFixed(6)}`);
    }
    boxes += k;
    writeFileSync(path.join(dir, 'labels', split, `${name}.txt`), lines.join('\n') + (k ? '\n' : ''));
    const img = path.join(dir, 'images', split, `${name}.jpg`);
    try {
      linkSync(master, img);
    } catch {
      writeFileSync(img, jpg);
    }
  }
  writeFileSync(marker, JSON.stringify({ boxes }));
  return boxes;
}

export async function labelsBench(sizes: number[]): Promise<string[]> {
  const cli = existsSync(path.join(root, 'dist/cli.js')) ? ['dist/cli.js'] : ['--import', 'tsx', 'src/cli-entry.ts'];
  const rows = ['| label files | boxes | wall s | boxes/s | peak RSS MB | RSS bytes/box |', '|---:|---:|---:|---:|---:|---:|'];
  for (const n of sizes) {
    const dir = path.join(os.tmpdir(), `dqc-bench-labels-640-${n}`);
    mkdirSync(dir, { recursive: true });
    const boxes = await makeYoloSet(dir, n);
    const out = path.join(os.tmpdir(), `dqc-bench-labels-out-${n}`);
    const t0 = process.hrtime.bigint();
    const res = spawnSync(process.execPath, ['--import', './bench/rss-preload.mjs', ...cli, 'check', dir, '--labels-only', '--quiet', '--format', 'json', '--out', out], { cwd: root, encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    if (res.status !== 0 && res.status !== 1) throw new Error(`check failed (${res.status}): ${res.stderr}`);
    const rssKb = Number(/maxrss_kb=(\d+)/.exec(res.stderr)?.[1] ?? NaN);
    rows.push(`| ${n.toLocaleString('en-US')} | ${boxes.toLocaleString('en-US')} | ${wall.toFixed(2)} | ${Math.round(boxes / wall).toLocaleString('en-US')} | ${(rssKb / 1024).toFixed(0)} | ${Math.round((rssKb * 1024) / boxes)} |`);
  }
  return rows;
}

if (fileURLToPath(import.meta.url) === path.resolve(process.argv[1] ?? '')) {
  const i = process.argv.indexOf('--sizes');
  const sizes = i > 0 ? process.argv[i + 1]!.split(',').map(Number) : [25000, 50000, 100000];
  console.log((await labelsBench(sizes)).join('\n'));
}
