/**
 * The analysis cache on a real git repository: a base-branch run stores the findings of its
 * content; the PR run takes the base side from there (no checks re-run) with results identical
 * to computing them; a corrupt entry, another config or an untracked file means no reuse.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analysisKey } from '../src/analysis-cache.js';
import { hashFileList } from '../src/file-list-hash.js';
import { compare, needsPending } from '../src/compare.js';
import { cliMain } from '../src/cli.js';
import { Writable } from 'node:stream';
import { RecordTable } from '../src/scan/record-table.js';
import type { Dataset } from '../src/model.js';
import { workTreeBlobShas } from '../src/diff/git-tree.js';
import { resolveConfig, readForCheck } from '../src/engine.js';
import { runOptionsSchema } from '../src/options.js';
import { commitAll, copyFixture, makeRepo, put, remove, tempDir } from './diff-repo.js';

async function run(dataset: string, cacheDir: string | undefined, baseRev?: string, extra: Record<string, unknown> = {}) {
  const opts = runOptionsSchema.parse({ path: dataset, ...(cacheDir ? { cacheDir } : {}), ...extra });
  const { config, target } = resolveConfig(opts);
  const headDs = await readForCheck(opts, config, target);
  return compare({ run: opts, config, headDs, ...(baseRev ? { baseRev } : {}) });
}

const strip = (fs: { fingerprint: string; severity: string; message: string }[]) => fs.map((f) => [f.fingerprint, f.severity, f.message]);

test('analysis cache: the PR run reuses the base-branch result; same findings as computing it', async () => {
  const repo = makeRepo();
  const ds = copyFixture(repo, 'yolo-defects', 'data');
  const base = commitAll(repo, 'base');
  const cacheDir = tempDir('dqc-ac-store-');

  // base-branch run: the work tree at base, every file tracked and clean → stored
  const seed = await run(ds, cacheDir);
  assert.equal(seed.head.analysis.fromAnalysisCache, undefined);
  assert.equal(readdirSync(path.join(cacheDir, 'analysis')).length, 1);

  // the PR: an orphan label file, a removed image
  put(ds, 'labels/train/extra.txt', '0 0.5 0.5 0.2 0.2\n');
  remove(ds, 'images/train/ok_06.jpg');
  commitAll(repo, 'pr');
  const pr = await run(ds, cacheDir, base);
  assert.equal(pr.base!.analysis.fromAnalysisCache, true, 'base side from the cache');
  assert.equal(pr.head.analysis.fromAnalysisCache, undefined, 'head content is new');
  // the same comparison without any cache
  const fresh = await run(ds, tempDir('dqc-ac-empty-'), base);
  assert.equal(fresh.base!.analysis.fromAnalysisCache, undefined);
  assert.deepEqual(strip(pr.base!.analysis.findings), strip(fresh.base!.analysis.findings));
  assert.deepEqual(JSON.parse(JSON.stringify(pr.base!.analysis.checks)), JSON.parse(JSON.stringify(fresh.base!.analysis.checks)));
  assert.deepEqual(strip(pr.head.analysis.findings), strip(fresh.head.analysis.findings));

  // a corrupt entry is a miss, never trusted
  for (const f of readdirSync(path.join(cacheDir, 'analysis'))) writeFileSync(path.join(cacheDir, 'analysis', f), 'garbage');
  const again = await run(ds, cacheDir, base);
  assert.equal(again.base!.analysis.fromAnalysisCache, undefined);
  assert.deepEqual(strip(again.base!.analysis.findings), strip(fresh.base!.analysis.findings));
});

test('analysis cache key: changes with the config and any file; none when a file read or an image has no SHA; unread untracked files count by name', async () => {
  const repo = makeRepo();
  const ds = copyFixture(repo, 'yolo-demo', 'data');
  commitAll(repo, 'base');
  // untracked files the reader never reads (Ultralytics' label cache, a Finder file)
  put(ds, 'labels/train.cache', 'binary cache');
  put(ds, '.DS_Store', 'x');
  const opts = runOptionsSchema.parse({ path: ds, cacheDir: tempDir('dqc-ak-') });
  const { config, target } = resolveConfig(opts);
  const dataset = await readForCheck(opts, config, target);
  assert.equal(dataset.readPinned, true);
  assert.ok(dataset.files!.includes('labels/train.cache'));
  const real = await workTreeBlobShas(repo, 'data');
  assert.equal(real.get('labels/train.cache'), undefined);
  assert.match(analysisKey(dataset, (f) => real.get(f), { config })!, /^[0-9a-f]{40}$/);

  // read with a record store, the dataset's snapshot key stands for its listing: the same content
  // read again keys the same; a committed change of any listed file keys anew
  const k0 = analysisKey(dataset, (f) => real.get(f), { config });
  assert.equal(analysisKey(await readForCheck(opts, config, target), (f) => real.get(f), { config }), k0);
  put(ds, 'README.md', 'notes\n');
  commitAll(repo, 'notes');
  const noted = await readForCheck(opts, config, target);
  assert.notEqual(analysisKey(noted, (f) => real.get(f), { config }), k0);
  remove(ds, 'README.md');
  commitAll(repo, 'no notes');

  // a dataset read without one: its files are hashed by the SHAs given
  const plain = { ...dataset };
  const shas = new Map(dataset.files!.map((f, i) => [f, String(i).padStart(40, '0')]));
  const k1 = analysisKey(plain, (f) => shas.get(f), { config });
  assert.match(k1!, /^[0-9a-f]{40}$/);
  assert.notEqual(k1, k0);
  assert.equal(analysisKey(plain, (f) => shas.get(f), { config }), k1);
  assert.notEqual(analysisKey(plain, (f) => shas.get(f), { config: { ...config, thresholds: { ...config.thresholds, nearDuplicateRadius: 3 } } }), k1);
  assert.notEqual(analysisKey(dataset, (f) => real.get(f), { config: { ...config, thresholds: { ...config.thresholds, nearDuplicateRadius: 3 } } }), k0);
  const changed = new Map(shas);
  changed.set(dataset.files![0]!, 'f'.repeat(40));
  assert.notEqual(analysisKey(plain, (f) => changed.get(f), { config }), k1);
  const noImageSha = new Map(shas);
  noImageSha.delete(dataset.images.find((i) => i.exists)!.path);
  assert.equal(analysisKey(plain, (f) => noImageSha.get(f), { config }), undefined);
  assert.equal(analysisKey(dataset, (f) => noImageSha.get(f), { config }), undefined);
  // a label file modified in the work tree: read without a SHA, so nothing is keyed
  const label = dataset.images.find((i) => i.labelPath)!.labelPath!;
  put(ds, label, '0 0.5 0.5 0.1 0.1\n');
  const modified = await readForCheck(opts, config, target);
  assert.equal(modified.readPinned, false);
  assert.equal(analysisKey(modified, (f) => shas.get(f), { config }), undefined);
});

/** Everything a comparison reports, minus how it was obtained (the base side's records only feed its drift). */
function outcome(c: Awaited<ReturnType<typeof run>>) {
  const side = (s: NonNullable<typeof c.base>, records: boolean) => ({
    ds: { ...s.ds, root: '', readPinned: undefined }, // whether SHAs were known is how, not what
    findings: strip(s.analysis.findings),
    checks: JSON.parse(JSON.stringify(s.analysis.checks)),
    ...(records ? { records: s.analysis.records?.toArray() } : {}),
  });
  return JSON.parse(JSON.stringify({ head: side(c.head, true), base: c.base && side(c.base, false), diff: c.diff, drift: c.drift }));
}

for (const [name, edit] of [
  ['yolo-defects', (d: string) => (put(d, 'labels/train/ok_01.txt', '1 0.5 0.5 0.3 0.3\n'), cpSync(path.join(d, 'images/train/ok_02.jpg'), path.join(d, 'images/train/copy.jpg')))],
  ['voc-defects', (d: string) => remove(d, 'Annotations/boxes.xml')],
  ['coco-defects', (d: string) => cpSync(path.join(d, 'train/boxes.jpg'), path.join(d, 'train/background.jpg'))],
] as const) {
  test(`every cache layer (snapshots, prior read, pair memos, records, analyses) gives what no cache gives: ${name}`, async () => {
    const repo = makeRepo();
    const ds = copyFixture(repo, name, 'data');
    const base = commitAll(repo, 'base');
    const cacheDir = tempDir('dqc-eq-');
    await run(ds, cacheDir, base); // the base-branch run
    edit(ds);
    commitAll(repo, 'pr');
    const cold = await run(ds, tempDir('dqc-eq-cold-'), base);
    const warm = await run(ds, cacheDir, base);
    const again = await run(ds, cacheDir, base); // a second push of the same head
    const none = await run(ds, undefined, base);
    assert.equal(none.diff?.summary.changed, true);
    // the caches were used, so the equality below says something
    assert.equal(warm.base!.analysis.fromAnalysisCache, true);
    // the base side took drift's image statistics from the analysis cache: nothing scanned
    assert.equal(warm.base!.analysis.records, undefined);
    assert.ok(warm.base!.analysis.imageStats?.brightness?.length);
    assert.ok(warm.head.analysis.scan!.decoded < cold.head.analysis.scan!.decoded);
    // nothing decoded twice: the base side (started while the head decodes) waits for content it shares
    const shaList = (s: NonNullable<typeof cold.base>) => s.ds.images.filter((i) => i.exists).map((i) => s.shas.get(i.path));
    const contents = new Set([...shaList(cold.head), ...shaList(cold.base!)]);
    assert.equal(cold.head.analysis.scan!.decoded + cold.base!.analysis.scan!.decoded, contents.size);
    assert.equal(again.head.analysis.fromAnalysisCache, true);
    assert.equal(again.head.analysis.scan!.decoded, 0);
    assert.deepEqual(outcome(cold), outcome(none));
    assert.deepEqual(outcome(warm), outcome(none));
    assert.deepEqual(outcome(again), outcome(none));
  });
}

test('content keys: the file list hashed in chunks gives the digest of one update per file (keys of older caches still match)', () => {
  const files = Array.from({ length: 9000 }, (_, i) => `images/train/img_${i}.jpg`);
  const shaOf = (f: string) => (f.endsWith('7.jpg') ? undefined : createHash('sha1').update(f).digest('hex'));
  const one = createHash('sha1');
  for (const f of files) one.update(`${f}\0${shaOf(f) ?? '-'}\n`);
  const chunked = createHash('sha1');
  hashFileList(chunked, files, shaOf);
  assert.equal(chunked.digest('hex'), one.digest('hex'));
});

test('the base side starts before the head has decoded only when it needs none of those images', () => {
  const img = (id: number, p: string) => ({ id, path: p, split: 'train', exists: true, labelState: 'labeled' }) as Dataset['images'][number];
  const head = { images: [img(0, 'a.jpg'), img(1, 'b.jpg'), img(2, 'c.jpg')] } as Dataset;
  const headShas = new Map([['a.jpg', 'A'], ['b.jpg', 'B'], ['c.jpg', 'C']]);
  const rows = new RecordTable(3);
  rows.set(0, { v: 1, hash: 'A', bytes: 1 } as never); // a.jpg came from the store; b and c still decode
  assert.equal(needsPending(new Map([['a.jpg', 'A']]), head, headShas, rows), false);
  assert.equal(needsPending(new Map([['old/b.jpg', 'B']]), head, headShas, rows), true, 'same content at another path');
  assert.equal(needsPending(new Map([['c.jpg', 'C'], ['z.jpg', 'Z']]), head, headShas, rows), true);
  assert.equal(needsPending(new Map([['z.jpg', 'Z']]), head, headShas, undefined), false, 'labels only: no rows');
});

test('`check` in a git repository: the analysis stored and taken again for the same content, not for a modified file', async () => {
  const repo = makeRepo();
  const ds = copyFixture(repo, 'yolo-defects', 'data');
  commitAll(repo, 'base');
  const cacheDir = tempDir('dqc-ac-check-');
  const check = async () => {
    let text = '';
    const out = new Writable({ write: (c, _e, cb) => ((text += c.toString()), cb()) }) as unknown as NodeJS.WriteStream;
    await cliMain(['check', ds, '--cache-dir', cacheDir, '--format', 'json', '--quiet'], { stdout: out, stderr: out });
    const r = JSON.parse(text);
    delete r.auditDate;
    return r;
  };
  const first = await check();
  assert.ok(first.scan.decoded > 0);
  assert.equal(readdirSync(path.join(cacheDir, 'analysis')).length, 1);
  const second = await check();
  assert.equal(second.scan.decoded, 0);
  assert.deepEqual({ ...second, scan: undefined }, { ...first, scan: undefined });
  // a modified label file: nothing pinned, so nothing taken from (or added to) the cache
  put(ds, 'labels/train/ok_01.txt', '0 0.5 0.5 0.2 0.2\n0 0.5 0.5 0.2 0.2\n');
  const dirty = await check();
  assert.equal(readdirSync(path.join(cacheDir, 'analysis')).length, 1);
  assert.notDeepEqual(dirty.findings, first.findings);
});
