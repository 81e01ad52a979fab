import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { detectFormat } from '../src/formats/detect.js';
import { createDiskSource } from '../src/formats/disk.js';
import { groupsFromRegex, parseGroupFile } from '../src/formats/groups.js';
import { openDataset, readDataset } from '../src/formats/read.js';
import { normRel } from '../src/formats/paths.js';
import type { ImageEntry } from '../src/model.js';
import { UsageError } from '../src/options.js';
import { fixture, tempCopy } from './formats-helpers.js';
import { secondWayLayout } from './helpers/layouts.js';
import { tempDir } from './helpers/tmp.js';

function put(root: string, rel: string, data: string | Buffer) {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), data);
}

test('disk source: sorted listing, links inside the boundary followed, links leaving it reported, no reads outside', async () => {
  const base = tempDir('dqc-disk-');
  const root = path.join(base, 'ds');
  put(root, 'b.txt', 'b');
  put(root, 'a/z.txt', 'z');
  put(base, 'shared/img.txt', 'shared');
  put(base, 'secret.txt', 'secret');
  symlinkSync('../shared', path.join(root, 'linked'));
  symlinkSync('../secret.txt', path.join(root, 'leak.txt'));
  symlinkSync('/etc', path.join(root, 'etc'));
  symlinkSync('.', path.join(root, 'a/loop'));

  const strict = createDiskSource(root);
  assert.deepEqual(await strict.list(), ['a/z.txt', 'b.txt']);
  assert.deepEqual(
    strict.unsafe().map((u) => u.path).sort(),
    ['etc', 'leak.txt', 'linked'],
  );
  await assert.rejects(strict.readText('leak.txt'), /not a file/);
  await assert.rejects(strict.readText('../secret.txt'), /not a file/);
  await assert.rejects(strict.readText('linked/img.txt'), /not a file/);
  assert.equal(await strict.exists('../secret.txt'), false);
  assert.equal(strict.blobSha('b.txt'), undefined);

  const wide = createDiskSource(root, base);
  assert.deepEqual(await wide.list(), ['a/z.txt', 'b.txt', 'leak.txt', 'linked/img.txt']);
  assert.equal(await wide.readText('linked/img.txt'), 'shared');
  assert.equal(await wide.readText('./a/../leak.txt'), 'secret');
  assert.deepEqual(wide.unsafe().map((u) => u.path), ['etc']);
  assert.equal(await wide.exists('linked'), true);
});

test('disk source: a symlink checked out as a text file (core.symlinks=false) is followed like the link', async () => {
  const base = tempDir('dqc-placeholder-');
  put(base, 'images/train/a.jpg', await sharp({ create: { width: 30, height: 20, channels: 3, background: '#333' } }).jpeg().toBuffer());
  put(base, 'od/labels/train/a.txt', '0 0.5 0.5 0.5 0.5\n');
  put(base, 'od/images', '../images');
  put(base, 'od/config.yaml', 'path: .\ntrain: images/train\nnames: {0: thing}\n');
  const ds = await openDataset(path.join(base, 'od/config.yaml'), { boundary: base });
  assert.deepEqual(ds.images.map((i) => [i.path, i.labelState, i.width, i.height]), [['images/train/a.jpg', 'labeled', 30, 20]]);
  // the same layout with the boundary at the dataset root: the placeholder link is refused
  const strict = await openDataset(path.join(base, 'od/config.yaml'), { boundary: path.join(base, 'od') });
  assert.deepEqual(strict.findings.map((f) => [f.check, f.path]), [
    ['yaml/split-missing', 'config.yaml'],
    ['path/unsafe-link', 'images'],
  ]);
});

test('disk source: a folder walked directly is also listed through a link to it (read from above the yaml), through one link at most, never through a cycle', async () => {
  for (const kind of ['symlink', 'placeholder'] as const) {
    const base = tempDir('dqc-second-way-');
    secondWayLayout(base, await sharp({ create: { width: 30, height: 20, channels: 3, background: '#333' } }).jpeg().toBuffer(), kind);
    const src = createDiskSource(base);
    assert.deepEqual(await src.list(), ['images/train/a.jpg', 'od/config.yaml', 'od/images/train/a.jpg', 'od/labels/train/a.txt'], kind);
    // the file reached through the link has the blob SHA git lists for its real path
    const pinned = createDiskSource(base, base, new Map([['images/train/a.jpg', 'f00d']]));
    await pinned.list();
    assert.deepEqual(['od/images/train/a.jpg', 'images/train/a.jpg', 'od/labels/train/a.txt'].map((p) => pinned.blobSha(p)), ['f00d', 'f00d', undefined], kind);
    const ds = await openDataset(base);
    assert.deepEqual(ds.findings, [], kind);
    assert.deepEqual(ds.images.map((i) => [i.path, i.labelState, i.width]), [['od/images/train/a.jpg', 'labeled', 30]], kind);
  }
});

test('disk source: image header sizes for JPEG/PNG, a JPEG whose header is past 64 KiB, and junk', async () => {
  const root = tempDir('dqc-size-');
  const img = sharp({ create: { width: 33, height: 17, channels: 3, background: '#123456' } });
  put(root, 'a.png', await img.clone().png().toBuffer());
  // a 100 KiB EXIF/XMP-like APP segment pushes the frame header past the first 64 KiB
  const jpeg = await img.clone().jpeg().toBuffer();
  const pad = Buffer.alloc(60000, 0x41);
  const seg = (n: number) => Buffer.concat([Buffer.from([0xff, 0xe2, (n + 2) >> 8, (n + 2) & 255]), pad.subarray(0, n)]);
  put(root, 'big.jpg', Buffer.concat([jpeg.subarray(0, 2), seg(60000), seg(60000), jpeg.subarray(2)]));
  put(root, 'junk.jpg', 'not an image');
  const src = createDiskSource(root);
  assert.deepEqual(await src.imageSize('a.png'), { width: 33, height: 17 });
  assert.deepEqual(await src.imageSize('big.jpg'), { width: 33, height: 17 });
  assert.equal(await src.imageSize('junk.jpg'), undefined);
  assert.equal(await src.imageSize('nope.jpg'), undefined);
});

test('format detection by file names', () => {
  assert.deepEqual(detectFormat(['data.yaml', 'images/a.jpg']), { format: 'yolo', entry: 'data.yaml' });
  assert.deepEqual(detectFormat(['.dataset-qc.yml', 'labels/train/a.txt', 'images/train/a.jpg']), { format: 'yolo' });
  assert.deepEqual(detectFormat(['annotations/instances_val2017.json', 'val2017/a.jpg']), { format: 'coco' });
  assert.deepEqual(detectFormat(['Annotations/a.xml', 'JPEGImages/a.jpg']), { format: 'voc' });
  assert.deepEqual(detectFormat(['od/config.yaml', 'od/labels/x/a.txt']), { format: 'yolo', entry: 'od/config.yaml' });
  assert.equal(detectFormat(['README.md', 'a.jpg']), undefined);
});

test('openDataset: usage errors say what to do; nothing is written into the dataset folder', async () => {
  await assert.rejects(openDataset('/definitely/not/here', {}), (e: Error) => e instanceof UsageError && /not found/.test(e.message));
  const empty = tempDir('dqc-empty-');
  put(empty, 'README.md', 'hi');
  await assert.rejects(openDataset(empty, {}), (e: Error) => e instanceof UsageError && /Looked for: .*data\.yaml.*instances_\*\.json.*Annotations/.test(e.message) && /--format/.test(e.message));
  await assert.rejects(openDataset(path.join(empty, 'README.md'), {}), UsageError);
  const copy = tempCopy('voc-defects');
  const before = readdirSync(copy, { recursive: true }).length;
  await openDataset(copy, {});
  assert.equal(readdirSync(copy, { recursive: true }).length, before);
});

test('groups: regex capture group, CSV (with or without header) and JSON sidecars; unmatched images keep none', async () => {
  const imgs: ImageEntry[] = ['cam1/a.jpg', 'cam2/b.jpg', 'other/c.jpg'].map((p, id) => ({ id, path: p, split: 'train', labelState: 'labeled', exists: true }));
  assert.equal(groupsFromRegex(imgs, '^(cam\\d+)/'), 2);
  assert.deepEqual(imgs.map((i) => i.group), ['cam1', 'cam2', undefined]);
  assert.throws(() => groupsFromRegex(imgs, '('), UsageError);
  assert.deepEqual([...parseGroupFile('g.csv', 'image,group\na.jpg,day1\n./b/c.jpg , day2\n\n')], [
    ['a.jpg', 'day1'],
    ['b/c.jpg', 'day2'],
  ]);
  assert.deepEqual([...parseGroupFile('g.csv', 'a.jpg,day1\n')], [['a.jpg', 'day1']]);
  assert.throws(() => parseGroupFile('g.json', '[1]'), UsageError);

  const root = tempCopy('yolo-demo');
  put(root, 'groups.json', JSON.stringify({ 'images/train/train_001.jpg': 'scene-a', 'train_002.jpg': 'scene-b' }));
  const ds = await openDataset(root, { groupFile: 'groups.json', imageSizes: false });
  assert.deepEqual(ds.images.filter((i) => i.group).map((i) => [i.path, i.group]), [
    ['images/train/train_001.jpg', 'scene-a'],
    ['images/train/train_002.jpg', 'scene-b'],
  ]);
  const byRe = await readDataset(createDiskSource(fixture('yolo-demo')), { groupBy: '/(train|val)_\\d\\d', imageSizes: false });
  assert.equal(byRe.images.filter((i) => i.group === 'val').length, 12);
  await assert.rejects(openDataset(root, { groupFile: 'nope.csv' }), UsageError);
});

test('normRel refuses absolute and climbing paths', () => {
  assert.equal(normRel('a/./b/../c'), 'a/c');
  assert.equal(normRel('../x'), undefined);
  assert.equal(normRel('/etc/passwd'), undefined);
  assert.equal(normRel('C:\\x'), undefined);
  assert.equal(normRel('a\\b'), 'a/b');
});
