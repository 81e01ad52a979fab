/**
 * Git LFS pointers (scan/lfs.ts): a work tree checked out without LFS content stops the run with
 * the fix (exit 2), never a report on pointers and never a record kept under their hash; a
 * revision's pointer blobs are read from the local LFS store when the object was fetched.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { cliMain } from '../src/cli.js';
import { createGitSource } from '../src/diff/git-source.js';
import { lfsObject, lfsPointer } from '../src/scan/lfs.js';
import { commitAll, copyFixture, makeRepo, put, sh, tempDir } from './diff-repo.js';

const pointerOf = (bytes: Buffer) => `version https://git-lfs.github.com/spec/v1\noid sha256:${createHash('sha256').update(bytes).digest('hex')}\nsize ${bytes.byteLength}\n`;

test('lfsPointer reads the spec text and nothing else; lfsObject checks the size', () => {
  const img = Buffer.from('not really a jpeg, but bytes');
  const p = lfsPointer(Buffer.from(pointerOf(img)));
  assert.deepEqual(p, { oid: createHash('sha256').update(img).digest('hex'), size: img.byteLength });
  assert.equal(lfsPointer(Buffer.from('version https://git-lfs.github.com/spec/v1\noid md5:abc\nsize 3\n')), undefined);
  assert.equal(lfsPointer(Buffer.from('hello')), undefined);
  assert.equal(lfsPointer(Buffer.concat([Buffer.from(pointerOf(img)), Buffer.alloc(2000)])), undefined, 'pointers are under 1 KiB');
  const gitDir = tempDir('dqc-lfs-store-');
  assert.equal(lfsObject(gitDir, p!), undefined);
  put(gitDir, `lfs/objects/${p!.oid.slice(0, 2)}/${p!.oid.slice(2, 4)}/${p!.oid}`, img);
  assert.deepEqual(lfsObject(gitDir, p!), img);
  assert.equal(lfsObject(gitDir, { ...p!, size: 1 }), undefined);
});

async function cli(args: string[]) {
  let err = '';
  const sink = new Writable({ write: (_c, _e, cb) => cb() }) as unknown as NodeJS.WriteStream;
  const errs = new Writable({ write: (c, _e, cb) => ((err += c.toString()), cb()) }) as unknown as NodeJS.WriteStream;
  const code = await cliMain(args, { stdout: sink, stderr: errs });
  return { code, err };
}

test('a work tree whose images are LFS pointers: exit 2 naming the fix; nothing kept under the pointers; the real images then pass', async () => {
  const repo = makeRepo();
  const root = copyFixture(repo, 'yolo-demo', 'ds');
  const files = ['images/train/train_001.jpg', 'images/val/val_002.jpg'];
  const real = files.map((f) => readFileSync(path.join(root, f)));
  files.forEach((f, k) => writeFileSync(path.join(root, f), pointerOf(real[k]!)));
  commitAll(repo, 'pointers in the tree, as git stores LFS files');
  const cache = tempDir('dqc-lfs-cache-');
  const r = await cli(['check', root, '--cache-dir', cache, '--quiet']);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /2 images of .* are Git LFS pointer files, not images \(images\/train\/train_001\.jpg and images\/val\/val_002\.jpg\)/);
  assert.match(r.err, /`lfs: true`.*`git lfs pull`/);
  // the content arrives (git lfs pull): same blob SHAs in the index, real bytes on disk
  files.forEach((f, k) => writeFileSync(path.join(root, f), real[k]!));
  const again = await cli(['check', root, '--cache-dir', cache, '--format', 'json', '--out', path.join(cache, 'out'), '--quiet']);
  assert.equal(again.code, 0, again.err);
  const report = JSON.parse(readFileSync(path.join(cache, 'out', 'report.json'), 'utf8')) as { findings: { check: string }[] };
  assert.deepEqual(report.findings.filter((f) => f.check.startsWith('image/')), []);
});

test('git source: a pointer blob reads as its object from the local LFS store, or as the pointer when not fetched', async () => {
  const repo = makeRepo();
  const img = readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'yolo-demo', 'images', 'train', 'train_001.jpg'));
  put(repo, 'ds/a.jpg', pointerOf(img));
  put(repo, 'ds/b.jpg', pointerOf(Buffer.from('never fetched')));
  commitAll(repo, 'lfs');
  const oid = lfsPointer(Buffer.from(pointerOf(img)))!.oid;
  put(path.join(repo, sh(repo, 'rev-parse', '--git-common-dir').trim()), `lfs/objects/${oid.slice(0, 2)}/${oid.slice(2, 4)}/${oid}`, img);
  const src = await createGitSource({ repo, rev: 'HEAD', root: path.join(repo, 'ds') });
  try {
    assert.deepEqual(await src.readBytes('a.jpg'), img);
    assert.deepEqual(await src.imageSize('a.jpg'), { width: 128, height: 96 });
    assert.ok(lfsPointer(await src.readBytes('b.jpg')));
  } finally {
    await src.close();
  }
});
