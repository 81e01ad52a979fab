/**
 * Tree aliases (tree-alias.ts): a base tree read before comes from its snapshot without being
 * listed, and gives exactly what listing it gives; a tree reached through links, other reader
 * options or a dangling alias fall back to the listing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { compare } from '../src/compare.js';
import { treePrefetch } from '../src/diff/git-tree.js';
import { readForCheck, resolveConfig } from '../src/engine.js';
import { runOptionsSchema } from '../src/options.js';
import { commitAll, copyFixture, makeRepo, put, remove, tempDir } from './diff-repo.js';

async function run(dataset: string, cacheDir: string | undefined, baseRev: string, extra: Record<string, unknown> = {}) {
  const opts = runOptionsSchema.parse({ path: dataset, ...(cacheDir ? { cacheDir } : {}), ...extra });
  const { config, target } = resolveConfig(opts);
  const headDs = await readForCheck(opts, config, target);
  const listed = treePrefetch.listed;
  const c = await compare({ run: opts, config, headDs, baseRev });
  return { c, listed: treePrefetch.listed - listed };
}

/** what a comparison says, not how it was obtained */
const what = ({ c }: Awaited<ReturnType<typeof run>>) =>
  JSON.parse(JSON.stringify({ base: { ...c.base!.ds, root: '' }, baseFindings: c.base!.analysis.findings, shas: [...c.base!.shas], diff: c.diff, drift: c.drift, head: c.head.analysis.findings }));

const trees = (cacheDir: string) => {
  try {
    return readdirSync(path.join(cacheDir, 'trees'));
  } catch {
    return [];
  }
};

function prRepo() {
  const repo = makeRepo();
  const ds = copyFixture(repo, 'yolo-defects', 'data');
  const base = commitAll(repo, 'base');
  put(ds, 'labels/train/ok_01.txt', '1 0.5 0.5 0.3 0.3\n');
  remove(ds, 'images/train/ok_06.jpg');
  commitAll(repo, 'pr');
  return { repo, ds, base };
}

test('tree alias: the second comparison with a base takes the base from its snapshot, unlisted, and says the same', async () => {
  const { ds, base } = prRepo();
  const cacheDir = tempDir('dqc-tree-');
  const first = await run(ds, cacheDir, base);
  assert.equal(first.listed, 1, 'the base tree listed once');
  assert.equal(trees(cacheDir).length, 1, 'and remembered');
  const second = await run(ds, cacheDir, base);
  assert.equal(second.listed, 0, 'not listed again');
  const none = await run(ds, undefined, base);
  assert.deepEqual(what(second), what(none));
  assert.deepEqual(what(first), what(none));
  // other reader options are another alias: listed again
  const grouped = await run(ds, cacheDir, base, { groupBy: '^(\\w+)_' });
  assert.equal(grouped.listed, 1);
  assert.deepEqual(what(grouped), what(await run(ds, undefined, base, { groupBy: '^(\\w+)_' })));
});

test('tree alias: none for a tree read through a link; a dangling alias falls back to the listing', async () => {
  const { repo, ds, base: _ } = prRepo();
  mkdirSync(path.join(repo, 'elsewhere'));
  writeFileSync(path.join(repo, 'elsewhere', 'notes.txt'), 'kept elsewhere\n');
  symlinkSync('../elsewhere', path.join(ds, 'more'));
  const base = commitAll(repo, 'a link out of the dataset');
  const cacheDir = tempDir('dqc-tree-link-');
  const linked = await run(ds, cacheDir, base);
  assert.deepEqual(trees(cacheDir), [], 'a link leads outside the tree: no alias');
  assert.ok(linked.listed >= 1);
  assert.equal((await run(ds, cacheDir, base)).listed, linked.listed);

  const { ds: ds2, base: base2 } = prRepo();
  const cache2 = tempDir('dqc-tree-dangling-');
  await run(ds2, cache2, base2);
  const [alias] = trees(cache2);
  // the snapshot it names is gone (pruned, or another run's cache)
  for (const f of readdirSync(path.join(cache2, 'datasets'))) writeFileSync(path.join(cache2, 'datasets', f), 'garbage');
  const again = await run(ds2, cache2, base2);
  assert.ok(alias);
  assert.equal(again.listed, 1);
  assert.deepEqual(what(again), what(await run(ds2, undefined, base2)));
});

test('tree alias: none for a tree holding a file that may be a link placeholder (what it is depends on the rest of the repository)', async () => {
  const { repo, ds } = prRepo();
  writeFileSync(path.join(ds, 'more'), '../elsewhere'); // no such folder (yet): a plain file
  const base = commitAll(repo, 'a placeholder-like file');
  const cacheDir = tempDir('dqc-tree-ph-');
  await run(ds, cacheDir, base);
  assert.deepEqual(trees(cacheDir), []);
});
