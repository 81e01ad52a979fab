import assert from 'node:assert/strict';
import { cpSync, existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createGitSource, sizeLookup } from '../src/diff/git-source.js';
import { gitBlobSha } from '../src/diff/git.js';
import { createDiskSource } from '../src/formats/disk.js';
import { openDataset, readDataset } from '../src/formats/read.js';
import type { Dataset } from '../src/model.js';
import { commitAll, copyFixture, makeRepo, put, remove, repoRoot, sh } from './diff-repo.js';
import { secondWayLayout } from './helpers/layouts.js';

/** Everything a reader produced, without the parts that name the source (label/root). */
function shape(ds: Dataset) {
  return {
    format: ds.format,
    source: ds.source,
    classes: ds.classes,
    splits: ds.splits,
    images: ds.images,
    boxes: ds.boxes,
    orphans: ds.orphans,
    findings: ds.findings.map((f) => ({ check: f.check, severity: f.severity, path: f.path, line: f.line, key: f.key, fingerprint: f.fingerprint, message: f.message })),
    notes: ds.notes,
  };
}

for (const name of ['yolo-demo', 'yolo-defects', 'coco-defects', 'voc-defects', 'voc-csv']) {
  test(`git source + readDataset equals the disk read: ${name}`, async () => {
    const repo = makeRepo();
    const root = copyFixture(repo, name, `datasets/${name}`);
    put(repo, 'README.md', 'not part of the dataset');
    const commit = commitAll(repo, 'add dataset');
    const disk = await readDataset(createDiskSource(root, repo));
    assert.ok(disk.images.length > 0 && disk.boxes.length > 0);

    // change the work tree: the git read must still see the commit
    const firstImage = disk.images.find((i) => i.exists)!.path;
    remove(root, firstImage);
    if (disk.images[0]!.labelPath) put(root, disk.images[0]!.labelPath, 'garbage that is not committed');

    const src = await createGitSource({ repo, rev: 'HEAD', root });
    try {
      assert.equal(src.commit, commit);
      assert.equal(src.root, root);
      assert.equal(src.prefix, `datasets/${name}`);
      const viaGit = await readDataset(src);
      assert.deepEqual(shape(viaGit), shape(disk));
      // blob SHAs are the content hashes of the committed bytes
      const bytes = await src.readBytes(firstImage);
      assert.equal(src.blobSha(firstImage), gitBlobSha(bytes));
      assert.equal(src.shas().get(firstImage), src.blobSha(firstImage));
      assert.equal(await src.exists(path.posix.dirname(firstImage)), true);
      assert.equal(await src.exists('../README.md'), false);
      await assert.rejects(src.readText('../README.md'), /not a file/);
    } finally {
      await src.close();
    }
  });
}

test('git source resolves symlinks in the tree like the disk source: inside the boundary followed, leaving it reported', async () => {
  const repo = makeRepo();
  const root = path.join(repo, 'ds');
  put(repo, 'ds/a/z.txt', 'z');
  put(repo, 'ds/b.txt', 'b');
  put(repo, 'shared/img.txt', 'shared');
  put(repo, 'shared/deeper/two.txt', 'two');
  put(repo, 'secret.txt', 'secret');
  symlinkSync('../shared', path.join(root, 'linked'));
  symlinkSync('../secret.txt', path.join(root, 'leak.txt'));
  symlinkSync('/etc', path.join(root, 'etc'));
  symlinkSync('../../outside', path.join(root, 'up'));
  symlinkSync('.', path.join(root, 'a/loop'));
  symlinkSync('missing.txt', path.join(root, 'dangling.txt'));
  const commit = commitAll(repo, 'links');

  const wide = await createGitSource({ repo, rev: commit, root });
  const disk = createDiskSource(root, repo);
  try {
    const list = await wide.list();
    assert.deepEqual(list, ['a/z.txt', 'b.txt', 'leak.txt', 'linked/deeper/two.txt', 'linked/img.txt']);
    assert.deepEqual(list, await disk.list());
    assert.deepEqual(wide.unsafe().map((u) => u.path).sort(), ['etc', 'up']);
    assert.deepEqual(wide.unsafe().map((u) => u.path).sort(), disk.unsafe().map((u) => u.path).sort());
    assert.equal(await wide.readText('linked/img.txt'), 'shared');
    assert.equal(await wide.readText('./a/../leak.txt'), 'secret');
    assert.equal(await wide.exists('linked/deeper'), true);
  } finally {
    await wide.close();
  }

  const strict = await createGitSource({ repo, rev: commit, root, boundary: root });
  try {
    assert.deepEqual(await strict.list(), ['a/z.txt', 'b.txt']);
    assert.deepEqual(strict.unsafe().map((u) => u.path).sort(), ['etc', 'leak.txt', 'linked', 'up']);
    assert.equal(strict.unsafe().find((u) => u.path === 'linked')!.target, '../shared');
    await assert.rejects(strict.readText('linked/img.txt'), /not a file/);
  } finally {
    await strict.close();
  }
});

test('git source reads a revision whose dataset folder no longer exists in the work tree; image sizes from blob headers', async () => {
  const repo = makeRepo();
  const root = copyFixture(repo, 'yolo-demo', 'old/yolo');
  const c1 = commitAll(repo, 'v1');
  const disk = await readDataset(createDiskSource(root, repo));
  sh(repo, 'rm', '-r', '-q', 'old');
  commitAll(repo, 'dataset removed');
  let sized = 0;
  const src = await createGitSource({
    repo,
    rev: c1,
    root,
    knownSize: () => {
      sized++;
      return undefined;
    },
  });
  try {
    const ds = await readDataset(src);
    assert.deepEqual(ds.images.map((i) => [i.path, i.width, i.height]), disk.images.map((i) => [i.path, i.width, i.height]));
    assert.ok(sized > 0);
    assert.ok(ds.images.every((i) => i.width && i.height));
  } finally {
    await src.close();
  }
  await assert.rejects(createGitSource({ repo, rev: 'nope', root }), /not in this repository/);

  // sizes known from another read of the same blobs: no blob is read for its size
  const shas = new Map<string, string>();
  const src2 = await createGitSource({ repo, rev: c1, root });
  for (const f of await src2.list()) shas.set(f, src2.blobSha(f)!);
  const lookup = sizeLookup(disk.images, shas);
  let hits = 0;
  const src3 = await createGitSource({ repo, rev: c1, root, knownSize: (sha) => (lookup(sha) ? (hits++, lookup(sha)) : undefined) });
  try {
    const ds = await readDataset(src3);
    assert.equal(hits, new Set(disk.images.map((i) => shas.get(i.path))).size);
    assert.deepEqual(ds.images, disk.images);
  } finally {
    await src2.close();
    await src3.close();
  }
});

test('git source lists a folder reached directly and through links as the disk source does (the first link in tree order)', async () => {
  const repo = makeRepo();
  const root = path.join(repo, 'ds');
  secondWayLayout(root, 'not decoded here');
  commitAll(repo, 'links');
  const disk = createDiskSource(root);
  const git = await createGitSource({ repo, rev: 'HEAD', root });
  try {
    assert.deepEqual(await git.list(), await disk.list());
    assert.ok((await disk.list()).includes('od/images/train/a.jpg'));
    const viaGit = await readDataset(git);
    assert.deepEqual(shape(viaGit), shape(await readDataset(disk)));
    assert.equal(viaGit.images[0]?.labelState, 'labeled');
  } finally {
    await git.close();
  }
});

const shared = [path.resolve(repoRoot, '../shared/datasets'), '/work/shared/datasets'].find((d) => existsSync(path.join(d, 'coco128-yolo')));

test('coco128 (real data): the committed link placeholder object_detection/images → ../images is followed as on disk', { skip: !shared && 'shared datasets not found' }, async () => {
  const repo = makeRepo();
  sh(repo, 'config', 'core.compression', '0');
  const src = path.join(shared!, 'coco128-yolo');
  const dest = path.join(repo, 'coco128-yolo');
  // the labels, the yaml, the placeholder file, and one split's images keep the test quick
  cpSync(path.join(src, 'object_detection'), path.join(dest, 'object_detection'), { recursive: true });
  cpSync(path.join(src, 'images/val2017'), path.join(dest, 'images/val2017'), { recursive: true });
  sh(repo, 'add', '-A');
  assert.equal(sh(repo, 'ls-files', '-s', 'coco128-yolo/object_detection/images').slice(0, 6), '100644');
  commitAll(repo, 'coco128');
  const disk = await openDataset(path.join(dest, 'object_detection/config.yaml'));
  assert.equal(disk.images.filter((i) => i.split === 'val').length, 128);
  const git = await createGitSource({ repo, rev: 'HEAD', root: disk.root });
  try {
    assert.ok((await git.list()).includes('images/val2017/000000000139.jpg'));
    const viaGit = await readDataset(git, { format: 'yolo', entry: disk.source! });
    assert.deepEqual(shape(viaGit), shape(disk));
    assert.equal(viaGit.boxes.filter((b) => viaGit.images[b.image]!.split === 'val').length, 898);
  } finally {
    await git.close();
  }
});
