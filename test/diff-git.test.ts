import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CatFile, catBlobs, gitBlobSha, gitTopLevel, mergeBase, resolveRev } from '../src/diff/git.js';
import { lsTree, prefetchTree, treePrefetch, workTreeBlobShas } from '../src/diff/git-tree.js';
import { UsageError } from '../src/options.js';
import { commitAll, makeRepo, put, sh, tempDir } from './diff-repo.js';

test('lsTree lists blobs under a prefix with modes and sizes; cat-file returns the exact bytes', async () => {
  const repo = makeRepo();
  put(repo, 'data/ds/a.txt', 'alpha\n');
  put(repo, 'data/ds/sub dir/b ü.bin', Buffer.from([0, 1, 2, 255, 10, 13]));
  put(repo, 'data/ds/run.sh', '#!/bin/sh\n');
  execFileSync('chmod', ['+x', path.join(repo, 'data/ds/run.sh')]);
  put(repo, 'data/other.txt', 'outside the prefix');
  put(repo, 'data/ds-sibling/x.txt', 'prefix-like sibling');
  const c1 = commitAll(repo, 'one');

  const tree = await lsTree(repo, c1, 'data/ds');
  assert.deepEqual([...tree.keys()].sort(), ['a.txt', 'run.sh', 'sub dir/b ü.bin']);
  assert.equal(tree.get('a.txt')!.mode, '100644');
  assert.equal(tree.get('run.sh')!.mode, '100755');
  assert.equal(tree.get('a.txt')!.size, 6);
  assert.equal(tree.get('sub dir/b ü.bin')!.sha, sh(repo, 'rev-parse', `${c1}:data/ds/sub dir/b ü.bin`).trim());
  // absolute prefix works the same, whole tree with ''
  assert.deepEqual([...(await lsTree(repo, c1, path.join(repo, 'data/ds'))).keys()].sort(), [...tree.keys()].sort());
  assert.equal((await lsTree(repo, c1, '')).size, 5);

  const cat = new CatFile(repo);
  try {
    const [a, b] = await Promise.all([cat.read(tree.get('a.txt')!.sha), cat.read(tree.get('sub dir/b ü.bin')!.sha)]);
    assert.equal(a.toString(), 'alpha\n');
    assert.deepEqual([...b], [0, 1, 2, 255, 10, 13]);
    await assert.rejects(cat.read('0'.repeat(40)), /not found/);
    // the process survives a missing object
    assert.equal(await cat.readText(`${c1}:data/other.txt`), 'outside the prefix');
  } finally {
    await cat.close();
  }
});

test('prefetchTree: the next lsTree of that commit and prefix takes the listing; another or a bad rev is listed as usual', async () => {
  const repo = makeRepo();
  put(repo, 'data/a.txt', 'a\n');
  put(repo, 'data/sub/b.txt', 'b\n');
  put(repo, 'other/c.txt', 'c\n');
  const c1 = commitAll(repo, 'one');
  const fresh = await lsTree(repo, c1, 'data');
  const before = treePrefetch.taken;
  prefetchTree(repo, 'HEAD', path.join(repo, 'data'));
  assert.deepEqual(await lsTree(repo, c1, 'data'), fresh);
  assert.equal(treePrefetch.taken, before + 1);
  assert.deepEqual(await lsTree(repo, c1, 'data'), fresh, 'taken once, then listed again');
  assert.equal(treePrefetch.taken, before + 1);
  // another prefix is not served by it; a rev that does not exist leaves lsTree to fail or work as usual
  prefetchTree(repo, 'HEAD', path.join(repo, 'other'));
  assert.deepEqual([...(await lsTree(repo, c1, 'data')).keys()].sort(), ['a.txt', 'sub/b.txt']);
  prefetchTree(repo, 'no-such-branch', 'data');
  assert.deepEqual(await lsTree(repo, c1, 'data'), fresh);
  assert.equal(treePrefetch.taken, before + 1);
});

test('one cat-file process serves thousands of pipelined reads, in order, with large and empty blobs', async () => {
  const repo = makeRepo();
  const n = 600;
  for (let i = 0; i < n; i++) put(repo, `f/${String(i).padStart(4, '0')}.txt`, `file ${i}\n`.repeat(i % 7));
  const big = Buffer.alloc(3 * 1024 * 1024 + 17, 0);
  for (let i = 0; i < big.length; i += 4093) big[i] = (i >> 5) & 0xff;
  put(repo, 'f/big.bin', big);
  const c = commitAll(repo, 'many');
  const tree = await lsTree(repo, c, 'f');
  const names = [...tree.keys()].sort();
  const shas = names.map((k) => tree.get(k)!.sha);
  let i = 0;
  for await (const { sha, data } of catBlobs(repo, shas, 64)) {
    assert.equal(sha, shas[i]);
    const name = names[i]!;
    if (name === 'big.bin') assert.ok(data.equals(big));
    else {
      const k = Number(name.slice(0, 4));
      assert.equal(data.toString(), `file ${k}\n`.repeat(k % 7), name);
    }
    assert.equal(gitBlobSha(data), sha);
    i++;
  }
  assert.equal(i, n + 1);

  // the same through concurrent read() calls on one reader
  const cat = new CatFile(repo);
  const all = await Promise.all(shas.map((s) => cat.read(s)));
  await cat.close();
  assert.equal(all.filter((d, j) => gitBlobSha(d) === shas[j]).length, n + 1);
});

test('workTreeBlobShas: tracked, unmodified files only, with the SHA of their content', async () => {
  const repo = makeRepo();
  put(repo, 'ds/keep.txt', 'keep');
  put(repo, 'ds/edit.txt', 'before');
  put(repo, 'ds/staged.txt', 'staged before');
  put(repo, 'ds/gone.txt', 'gone');
  put(repo, 'elsewhere.txt', 'x');
  commitAll(repo, 'base');
  writeFileSync(path.join(repo, 'ds/edit.txt'), 'after');
  writeFileSync(path.join(repo, 'ds/staged.txt'), 'staged after');
  sh(repo, 'add', 'ds/staged.txt');
  sh(repo, 'rm', '-q', '--cached', 'ds/gone.txt');
  put(repo, 'ds/untracked.txt', 'new');
  // same content, new mtime: stat-dirty but not modified
  writeFileSync(path.join(repo, 'ds/keep.txt'), 'keep');

  const shas = await workTreeBlobShas(repo, 'ds');
  assert.deepEqual([...shas.keys()].sort(), ['keep.txt', 'staged.txt']);
  for (const [rel, sha] of shas) assert.equal(sha, gitBlobSha(readFileSync(path.join(repo, 'ds', rel))), rel);
  assert.equal((await workTreeBlobShas(repo, path.join(repo, 'ds'))).size, 2);
  assert.ok((await workTreeBlobShas(repo, '')).has('elsewhere.txt'));
});

test('resolveRev, mergeBase and gitTopLevel; a shallow clone names the fetch-depth fix', async () => {
  const repo = makeRepo();
  put(repo, 'a.txt', '1');
  const c1 = commitAll(repo, 'one');
  put(repo, 'a.txt', '2');
  const c2 = commitAll(repo, 'two');
  sh(repo, 'checkout', '-q', '-b', 'side', c1);
  put(repo, 'b.txt', 'side');
  const c3 = commitAll(repo, 'side');
  sh(repo, 'checkout', '-q', 'main');

  assert.equal(await resolveRev(repo, 'main'), c2);
  assert.equal(await resolveRev(repo, c1.slice(0, 10)), c1);
  assert.equal(await resolveRev(repo, 'HEAD~1'), c1);
  assert.equal(await mergeBase(repo, 'main', c3), c1);
  assert.equal(await gitTopLevel(repo), repo);
  await assert.rejects(resolveRev(repo, 'no-such-branch'), (e: Error) => e instanceof UsageError && /not in this repository/.test(e.message) && !/fetch-depth/.test(e.message));
  await assert.rejects(gitTopLevel(tempDir('dqc-nogit-')), UsageError);

  const shallow = path.join(tempDir('dqc-shallow-'), 'clone');
  sh(os.tmpdir(), 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
  assert.equal(await resolveRev(shallow, 'HEAD'), c2);
  await assert.rejects(
    resolveRev(shallow, c1),
    (e: Error) => e instanceof UsageError && e.message.includes(`base commit ${c1} is not in this clone`) && e.message.includes('fetch-depth: 0'),
  );
  await assert.rejects(resolveRev(repo, '--output=/tmp/x'), UsageError);
});
