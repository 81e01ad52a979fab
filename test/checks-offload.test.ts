/**
 * The checks worker (offload.ts): the label and 'pairs' checks on a worker thread, the 'stats'
 * checks on the main thread, joined in one order. The result must be exactly the one computed
 * in one thread, for every fixture format, with and without a pair memo, and labels only.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { offloadAnswers, startChecks } from '../src/checks/offload.js';
import { analyze, resolveConfig, readForCheck } from '../src/engine.js';
import { runOptionsSchema } from '../src/options.js';
import { tempDir } from './diff-repo.js';

const fixture = (name: string) => path.join(import.meta.dirname, '..', 'fixtures', name);

async function both(name: string, extra: Record<string, unknown> = {}, cacheDir?: string) {
  const opts = runOptionsSchema.parse({ path: fixture(name), ...extra });
  const { config, target } = resolveConfig(opts);
  const ds = await readForCheck(opts, config, target);
  const common = { labelsOnly: opts.labelsOnly, ...(cacheDir ? { cacheDir } : {}) };
  const before = offloadAnswers.count;
  const worker = await analyze(ds, config, { ...common, offload: true });
  assert.equal(offloadAnswers.count, before + 1, 'the worker answered (no fallback)');
  const here = await analyze(ds, config, { ...common, offload: false });
  assert.equal(offloadAnswers.count, before + 1);
  return { worker, here };
}

const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

for (const name of ['yolo-defects', 'coco-defects', 'voc-defects']) {
  test(`checks worker: ${name} gives the same checks, in the same order, as one thread`, async () => {
    const { worker, here } = await both(name);
    assert.ok(here.checks.some((c) => c.id === 'duplicates') && here.checks.some((c) => c.id === 'class-balance'));
    assert.deepEqual(
      worker.checks.map((c) => c.id),
      here.checks.map((c) => c.id),
    );
    assert.deepEqual(plain(worker.checks), plain(here.checks));
    assert.deepEqual(plain(worker.findings), plain(here.findings));
    assert.ok(here.findings.length > 0);
  });
}

test('checks worker: with a pair memo (the worker reads and writes it) and labels only', async () => {
  const cacheDir = tempDir('dqc-offload-');
  const first = await both('yolo-defects', {}, cacheDir);
  assert.deepEqual(plain(first.worker.checks), plain(first.here.checks));
  const labelsOnly = await both('yolo-defects', { labelsOnly: true });
  assert.deepEqual(plain(labelsOnly.worker.checks), plain(labelsOnly.here.checks));
  assert.ok(labelsOnly.here.checks.some((c) => c.id === 'leakage'));
  assert.ok(!labelsOnly.here.checks.some((c) => c.id === 'duplicates'));
});

test('checks worker: a dataset that cannot be handed over leaves the checks here (no worker left running)', async () => {
  const opts = runOptionsSchema.parse({ path: fixture('yolo-demo') });
  const { config, target } = resolveConfig(opts);
  const ds = await readForCheck(opts, config, target);
  const odd = { ...ds, images: ds.images.map((img, i) => (i === 0 ? { ...img, hook: () => 0 } : img)) } as typeof ds;
  assert.equal(startChecks(odd, config, undefined, true), undefined);
  const before = offloadAnswers.count;
  const worker = await analyze(odd, config, { labelsOnly: false, offload: true });
  const here = await analyze(ds, config, { labelsOnly: false, offload: false });
  assert.equal(offloadAnswers.count, before, 'the checks ran on this thread');
  assert.deepEqual(plain(worker.findings), plain(here.findings));
});
