import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { datasetKey, readDatasetCached } from '../src/dataset-cache.js';
import { createGitSource } from '../src/diff/git-source.js';
import { workTreeBlobShas } from '../src/diff/git-tree.js';
import { createDiskSource } from '../src/formats/disk.js';
import { readDataset } from '../src/formats/read.js';
import { overlaySource, type DatasetSource } from '../src/formats/source.js';
import { commitAll, copyFixture, makeRepo, put, remove, tempDir } from './diff-repo.js';

for (const name of ['yolo-defects', 'coco-defects', 'voc-defects']) {
  test(`dataset snapshot: a second read of the same revision comes from the cache and equals the read (${name})`, async () => {
    const repo = makeRepo();
    const root = copyFixture(repo, name, `data/${name}`);
    commitAll(repo, 'add');
    const cache = tempDir('dqc-snap-');
    const src = await createGitSource({ repo, rev: 'HEAD', root });
    try {
      const read = await readDataset(src);
      const first = await readDatasetCached(src, {}, cache);
      assert.deepEqual(first, read);
      assert.deepEqual(readdirSync(path.join(cache, 'datasets')).filter((f) => f.endsWith('.json.gz')).length, 1);
      // the boxes carry every optional field somewhere in these fixtures
      assert.ok(read.boxes.some((b) => b.line !== undefined));
      const second = await readDatasetCached(src, {}, cache);
      assert.notEqual(second, first);
      assert.deepEqual(second, read);
      // other reader options are another key
      assert.notEqual(datasetKey(src, await src.list(), { groupBy: '(x)' }), datasetKey(src, await src.list(), {}));
    } finally {
      await src.close();
    }
  });
}

test('dataset snapshot: a changed file is another key; a damaged entry is a miss and is rewritten', async () => {
  const repo = makeRepo();
  const root = copyFixture(repo, 'yolo-demo', 'data');
  commitAll(repo, 'add');
  const cache = tempDir('dqc-snap-');
  const a = await createGitSource({ repo, rev: 'HEAD', root });
  const keyA = datasetKey(a, await a.list(), {});
  const dsA = await readDatasetCached(a, {}, cache);
  await a.close();
  const file = path.join(cache, 'datasets', `${keyA}.json.gz`);
  writeFileSync(file, 'not gzip');
  const again = await createGitSource({ repo, rev: 'HEAD', root });
  assert.deepEqual(await readDatasetCached(again, {}, cache), dsA);
  await again.close();

  const label = dsA.images.find((i) => i.labelPath)!.labelPath!;
  put(root, label, '0 0.5 0.5 0.2 0.2\n');
  commitAll(repo, 'relabel');
  const b = await createGitSource({ repo, rev: 'HEAD', root });
  try {
    assert.notEqual(datasetKey(b, await b.list(), {}), keyA);
    const dsB = await readDatasetCached(b, {}, cache);
    assert.equal(dsB.boxes.filter((x) => x.file === label).length, 1);
  } finally {
    await b.close();
  }
  // a disk source that knows no blob SHAs: what it read is not pinned, so no snapshot is kept
  const other = tempDir('dqc-snap-');
  const plain = await readDatasetCached(createDiskSource(root, repo), {}, other);
  assert.equal(plain.readPinned, false);
  assert.equal(existsSync(path.join(other, 'datasets')), false);
});

/** the source, counting label and header reads */
function counting(src: DatasetSource) {
  const n = { texts: 0, sizes: 0 };
  const wrapped = overlaySource(src, {
    readText: (rel) => (n.texts++, src.readText(rel)),
    imageSize: (rel) => (n.sizes++, src.imageSize(rel)),
  });
  return { src: wrapped, n };
}

test('prior read: another version re-reads only the files that changed and equals a full read (git and work tree)', async () => {
  const repo = makeRepo();
  const root = copyFixture(repo, 'yolo-defects', 'data');
  commitAll(repo, 'base');
  const cache = tempDir('dqc-snap-');
  const base = await createGitSource({ repo, rev: 'HEAD', root });
  const baseDs = await readDatasetCached(base, {}, cache); // leaves the snapshot that becomes the prior
  await base.close();
  const labels = baseDs.images.filter((i) => i.labelPath && i.labelState !== 'unlabeled').length;
  assert.ok(labels >= 15);

  // the PR: relabel one file, break another, add an image with a label, remove one, replace an image
  put(root, 'labels/train/ok_01.txt', '2 0.5 0.5 0.3 0.3\n1 0.2 0.2 0.1 0.1\n');
  put(root, 'labels/train/ok_02.txt', '7 0.5 0.5 0.3 0.3\nnot a line\n');
  cpSync(path.join(root, 'images/train/ok_03.jpg'), path.join(root, 'images/train/new_01.jpg'));
  put(root, 'labels/train/new_01.txt', '0 0.4 0.4 0.2 0.2\n');
  remove(root, 'images/train/ok_04.jpg');
  remove(root, 'labels/train/ok_04.txt');
  cpSync(path.join(root, 'images/train/ok_06.jpg'), path.join(root, 'images/train/ok_05.jpg'));
  commitAll(repo, 'pr');

  const head = await createGitSource({ repo, rev: 'HEAD', root });
  try {
    const full = await readDataset(head);
    const c = counting(head);
    const viaPrior = await readDatasetCached(c.src, {}, cache);
    assert.deepEqual(viaPrior, full);
    assert.equal(c.n.texts, 1 /* data.yaml */ + 3 /* ok_01, ok_02, new_01 */);
    assert.equal(c.n.sizes, 2 /* new_01, ok_05 */);
  } finally {
    await head.close();
  }

  // the work tree with an uncommitted change: that file has no blob SHA and is read from disk
  put(root, 'labels/train/ok_06.txt', '1 0.5 0.5 0.5 0.5\n');
  const shas = await workTreeBlobShas(repo, 'data');
  assert.equal(shas.get('labels/train/ok_06.txt'), undefined);
  const disk = counting(createDiskSource(root, repo, shas));
  const fromDisk = await readDatasetCached(disk.src, {}, cache);
  assert.deepEqual(fromDisk, await readDataset(createDiskSource(root, repo)));
  // the PR read came almost entirely from the prior, so it left no snapshot: the base is still
  // the latest, and this read re-reads what differs from the base
  assert.equal(readdirSync(path.join(cache, 'datasets')).filter((f) => f.endsWith('.json.gz')).length, 1);
  assert.equal(disk.n.texts, 1 /* data.yaml */ + 3 /* ok_01, ok_02, new_01 */ + 1 /* ok_06 */);
  assert.equal(disk.n.sizes, 2 /* new_01, ok_05 */);

  // other declared classes: every label file is read again (what is in range changed)
  put(root, 'data.yaml', 'path: .\ntrain: images/train\nval: images/val\nnames: [circle, square]\n');
  commitAll(repo, 'fewer classes');
  const narrowed = await createGitSource({ repo, rev: 'HEAD', root });
  try {
    const c = counting(narrowed);
    assert.deepEqual(await readDatasetCached(c.src, {}, cache), await readDataset(narrowed));
    assert.equal(c.n.texts, 1 + labels + 1 /* new_01 */ - 1 /* ok_04 */);
  } finally {
    await narrowed.close();
  }
});

test('prior read: images listed in two splits (their label files parsed twice) read the same as without a prior', async () => {
  const repo = makeRepo();
  const root = copyFixture(repo, 'yolo-defects', 'data');
  put(root, 'data.yaml', 'path: .\ntrain: images/train\nval: [images/val, images/train]\nnames: [circle, square, triangle]\n');
  commitAll(repo, 'base');
  const cache = tempDir('dqc-snap-');
  const base = await createGitSource({ repo, rev: 'HEAD', root });
  const baseDs = await readDatasetCached(base, {}, cache);
  await base.close();
  assert.ok(baseDs.images.filter((i) => i.path === 'images/train/ok_03.jpg').length === 2);
  put(root, 'labels/train/ok_01.txt', '2 0.5 0.5 0.3 0.3\n');
  commitAll(repo, 'pr');
  const head = await createGitSource({ repo, rev: 'HEAD', root });
  try {
    const full = await readDataset(head);
    const c = counting(head);
    assert.deepEqual(await readDatasetCached(c.src, {}, cache), full);
    assert.ok(c.n.texts > 2 * 1, 'the labels claimed twice are read again');
  } finally {
    await head.close();
  }
});
