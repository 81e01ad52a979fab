/**
 * Short-run tiering (src/tiering.ts): a run starts without TurboFan and gets it back once it turns
 * out long (many decodes, or time). The V8 behaviour itself is asserted in a child process where
 * this Node's V8 has the flag (≥ 12: Node 22+, the action's Node 24); on older V8 the child asserts
 * that nothing happens and nothing is printed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { scanImages, type ScanItem } from '../src/scan/scan.js';
import { analyzeStaged } from '../src/engine.js';
import { readDataset } from '../src/formats/read.js';
import type { DatasetSource } from '../src/formats/source.js';
import { inShortRun, LONG_RUN_DECODES, LONG_RUN_FILES, LONG_RUN_IMAGES, longRun, startShortRun, tieringSupported } from '../src/tiering.js';
import { makeConfig, makeDataset } from './helpers/dataset.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('tiering: battery saver mode only where V8 knows the flag (V8 12, Node 22)', () => {
  assert.equal(tieringSupported('11.3.244.8-node.38'), false);
  assert.equal(tieringSupported('12.4.254.21-node.57'), true);
  assert.equal(tieringSupported('13.6.233.10-node.27'), true);
});

test('tiering: a scan with many images to decode ends the short run before decoding; a small one does not', async () => {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 90, g: 30, b: 200 } } }).png().toBuffer();
  // the same bytes in every item: decoded once, the rest are copies
  const items = (n: number): ScanItem[] => Array.from({ length: n }, (_, i) => ({ path: `img${i}.png`, bytes: png }));
  const flags: string[] = [];
  try {
    startShortRun({ enabled: true, setFlag: (f) => flags.push(f), ms: 60_000 });
    await scanImages(items(LONG_RUN_DECODES - 1), { poolMode: 'inline' });
    assert.deepEqual(flags, ['--battery-saver-mode']);
    assert.equal(inShortRun(), true);
    await scanImages(items(LONG_RUN_DECODES), { poolMode: 'inline' });
    assert.deepEqual(flags, ['--battery-saver-mode', '--no-battery-saver-mode']);
    assert.equal(inShortRun(), false);
    longRun(); // once only
    assert.equal(flags.length, 2);
    // time alone also ends it
    startShortRun({ enabled: true, setFlag: (f) => flags.push(f), ms: 20 });
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(flags.slice(2), ['--battery-saver-mode', '--no-battery-saver-mode']);
  } finally {
    longRun();
  }
});

/** A source that lists `n` files and fails any read: the read stops with a usage error (no format), after the size rule. */
function listingOnly(n: number): DatasetSource {
  const no = () => Promise.reject(new Error('not read'));
  const files = Array.from({ length: n }, (_, i) => `f${String(i).padStart(6, '0')}.bin`);
  return { root: '/nowhere', label: 'listing', list: async () => files, readText: no, readBytes: no, exists: async () => false, imageSize: async () => undefined, blobSha: () => undefined, unsafe: () => [] };
}

test('tiering: a large dataset read without a prior, or checks over a very large dataset, end the short run', async () => {
  const flags: string[] = [];
  const start = () => startShortRun({ enabled: true, setFlag: (f) => flags.push(f), ms: 60_000 });
  try {
    start();
    await assert.rejects(readDataset(listingOnly(LONG_RUN_FILES - 1)), /Could not tell the dataset format/);
    assert.equal(inShortRun(), true);
    await assert.rejects(readDataset(listingOnly(LONG_RUN_FILES)), /Could not tell the dataset format/);
    assert.equal(inShortRun(), false);

    const ds = (n: number) => makeDataset({ classes: ['a'], images: Array.from({ length: n }, (_, i) => ({ path: `images/${i}.jpg` })) });
    start();
    await analyzeStaged(ds(1_000), makeConfig(), { labelsOnly: true }).done;
    assert.equal(inShortRun(), true);
    const big = analyzeStaged(ds(LONG_RUN_IMAGES), makeConfig(), { labelsOnly: true });
    assert.equal(inShortRun(), false, 'decided before the checks run');
    await big.done;
    assert.deepEqual(flags, ['--battery-saver-mode', '--no-battery-saver-mode', '--battery-saver-mode', '--no-battery-saver-mode']);
  } finally {
    longRun();
  }
});

test('tiering: in V8, no TurboFan in a short run, TurboFan again once it is long', (t) => {
  const script = `
    import { startShortRun, longRun, inShortRun } from ${JSON.stringify(path.join(root, 'src/tiering.ts'))};
    const TURBOFANNED = 1 << 6; // %GetOptimizationStatus bit
    const hot = (name) => new Function('a', 'let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * a[i]; return s; // ' + name);
    // TurboFan compiles on a background thread: a few rounds give it time to land
    const warm = async (f) => {
      const a = new Float64Array(500).fill(1.5);
      for (let round = 0; round < 20; round++) {
        for (let i = 0; i < 10000; i++) f(a);
        if (%GetOptimizationStatus(f) & TURBOFANNED) return true;
        await new Promise((r) => setTimeout(r, 5));
      }
      return false;
    };
    startShortRun({ ms: 60000 });
    const short = inShortRun();
    const f = hot('f');
    const inShort = await warm(f);
    longRun();
    // a function first hot now (V8 13.6 may keep one that ran hot under Maglev in the short mode there)
    const afterShort = await warm(hot('g'));
    console.log(JSON.stringify({ short, inShort, afterShort }));
  `;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, DATASET_QC_TIERING: '' } });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { short: boolean; inShort: boolean; afterShort: boolean };
  if (!tieringSupported()) {
    t.diagnostic(`V8 ${process.versions.v8} has no battery saver mode: asserted that the short run is a no-op`);
    assert.deepEqual(out, { short: false, inShort: true, afterShort: true });
    assert.doesNotMatch(r.stderr, /unrecognized flag/);
    return;
  }
  assert.deepEqual(out, { short: true, inShort: false, afterShort: true });
});
