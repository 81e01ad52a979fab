import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { diffBoxes } from '../src/diff/box-match.js';
import { changedImagePaths, diffDatasets } from '../src/diff/dataset-diff.js';
import { createGitSource } from '../src/diff/git-source.js';
import { lsTree } from '../src/diff/git-tree.js';
import { changedShards, shardManifests, shardOf } from '../src/diff/shards.js';
import { readDataset } from '../src/formats/read.js';
import type { Box, Dataset, ImageEntry } from '../src/model.js';
import { commitAll, copyFixture, makeRepo, put, read, remove, sh } from './diff-repo.js';

async function readAt(repo: string, rev: string, root: string) {
  const src = await createGitSource({ repo, rev, root });
  try {
    return { ds: await readDataset(src), shas: src.shas() };
  } finally {
    await src.close();
  }
}

/** Independent oracle: instances per "class/split" counted from label files in the work tree. */
function countLabels(root: string, names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rel of sh(root, 'ls-files', 'labels').split('\n').filter(Boolean)) {
    const split = rel.split('/')[1]!;
    for (const line of read(root, rel).split('\n').filter((l) => l.trim())) {
      const k = `${names[Number(line.split(' ')[0])]}/${split}`;
      out[k] = (out[k] ?? 0) + 1;
    }
  }
  return out;
}

function editLine(root: string, rel: string, lineNo: number, edit: (fields: string[]) => string[] | undefined) {
  const lines = read(root, rel).split('\n');
  const fields = lines[lineNo - 1]!.split(' ');
  const next = edit(fields);
  if (next) lines[lineNo - 1] = next.join(' ');
  else lines.splice(lineNo - 1, 1);
  writeFileSync(path.join(root, rel), lines.join('\n'));
}

test('diffDatasets on planted edits between two commits: images and boxes, classes and splits', async () => {
  const repo = makeRepo();
  const root = copyFixture(repo, 'yolo-demo', 'data/shapes');
  const c1 = commitAll(repo, 'base');
  const baseCounts = countLabels(root, ['circle', 'square', 'triangle']);

  // box-level edits
  writeFileSync(path.join(root, 'labels/train/train_001.txt'), read(root, 'labels/train/train_001.txt').trimEnd() + '\n2 0.100000 0.100000 0.080000 0.080000\n');
  editLine(root, 'labels/train/train_002.txt', 3, () => undefined); // delete the triangle
  editLine(root, 'labels/train/train_003.txt', 1, (f) => ['1', ...f.slice(1)]); // circle → square
  editLine(root, 'labels/train/train_004.txt', 1, (f) => [f[0]!, '0.550000', ...f.slice(2)]); // move, IoU ≈ 0.49
  editLine(root, 'labels/train/train_005.txt', 1, (f) => [...f.slice(0, 3), '0.360000', f[4]!]); // nudge, IoU 0.96
  // image-level edits
  for (const d of ['images', 'labels']) {
    const ext = d === 'images' ? 'jpg' : 'txt';
    renameSync(path.join(root, `${d}/val/val_001.${ext}`), path.join(root, `${d}/train/val_001.${ext}`)); // val → train
    renameSync(path.join(root, `${d}/train/train_006.${ext}`), path.join(root, `${d}/train/renamed_006.${ext}`)); // rename
    remove(root, `${d}/train/train_008.${ext}`); // removed
  }
  writeFileSync(path.join(root, 'images/train/train_007.jpg'), await sharp(readFileSync(path.join(root, 'images/train/train_007.jpg'))).jpeg({ quality: 40 }).toBuffer());
  put(root, 'images/val/new_001.png', await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } }).png().toBuffer());
  put(root, 'labels/val/new_001.txt', '3 0.5 0.5 0.2 0.2\n');
  writeFileSync(path.join(root, 'data.yaml'), read(root, 'data.yaml').replace('  2: triangle', '  2: triangle\n  3: star'));
  const c2 = commitAll(repo, 'head');
  const headCounts = countLabels(root, ['circle', 'square', 'triangle', 'star']);

  const base = await readAt(repo, c1, root);
  const head = await readAt(repo, c2, root);
  const diff = diffDatasets(base.ds, head.ds, { baseShas: base.shas, headShas: head.shas });

  assert.deepEqual(diff.images.added, [{ path: 'images/val/new_001.png', split: 'val' }]);
  assert.deepEqual(diff.images.removed, [{ path: 'images/train/train_008.jpg', split: 'train' }]);
  assert.deepEqual(diff.images.modified, [{ path: 'images/train/train_007.jpg', split: 'train' }]);
  assert.deepEqual(diff.images.moved, [{ from: 'images/val/val_001.jpg', to: 'images/train/val_001.jpg', fromSplit: 'val', toSplit: 'train', by: 'content' }]);
  assert.deepEqual(diff.images.renamed, [{ from: 'images/train/train_006.jpg', to: 'images/train/renamed_006.jpg', fromSplit: 'train', toSplit: 'train', by: 'content' }]);

  const byPath = new Map(diff.labels.map((l) => [l.path, l]));
  assert.deepEqual([...byPath.keys()].sort(), ['images/train/train_001.jpg', 'images/train/train_002.jpg', 'images/train/train_003.jpg', 'images/train/train_004.jpg', 'images/train/train_005.png']);
  const one = (p: string) => {
    const l = byPath.get(p)!;
    assert.equal(l.boxes.length, 1, p);
    return { counts: [l.added, l.removed, l.reclassified, l.moved, l.adjusted], box: l.boxes[0]! };
  };
  const added = one('images/train/train_001.jpg');
  assert.deepEqual(added.counts, [1, 0, 0, 0, 0]);
  assert.deepEqual(added.box, { kind: 'added', class: 'triangle', head: { x1: 0.06, y1: 0.06, x2: 0.14, y2: 0.14, line: 3 } });
  const removed = one('images/train/train_002.jpg');
  assert.deepEqual(removed.counts, [0, 1, 0, 0, 0]);
  assert.equal(removed.box.class, 'triangle');
  assert.equal(removed.box.base?.line, 3);
  const recl = one('images/train/train_003.jpg');
  assert.deepEqual(recl.counts, [0, 0, 1, 0, 0]);
  assert.deepEqual([recl.box.kind, recl.box.fromClass, recl.box.class, recl.box.iou], ['reclassified', 'circle', 'square', 1]);
  const moved = one('images/train/train_004.jpg');
  assert.deepEqual(moved.counts, [0, 0, 0, 1, 0]);
  assert.equal(moved.box.class, 'triangle');
  assert.ok(moved.box.iou! > 0.4 && moved.box.iou! < 0.6, String(moved.box.iou));
  const nudged = one('images/train/train_005.png');
  assert.deepEqual(nudged.counts, [0, 0, 0, 0, 1]);
  assert.equal(nudged.box.iou, 0.96);

  const s = diff.summary;
  assert.deepEqual(
    [s.imagesAdded, s.imagesRemoved, s.imagesModified, s.imagesMoved, s.imagesRenamed, s.imagesRelabeled, s.boxesAdded, s.boxesRemoved, s.boxesReclassified, s.boxesMoved, s.boxesAdjusted],
    [1, 1, 1, 1, 1, 5, 1, 1, 1, 1, 1],
  );
  assert.equal(s.changed, true);
  assert.deepEqual(diff.classesAdded, ['star']);
  assert.deepEqual(diff.classesRemoved, []);

  // per-class per-split deltas agree with counting the label files
  for (const c of diff.classes) {
    for (const split of ['train', 'val']) {
      const k = `${c.class}/${split}`;
      const cell = c.splits[split];
      assert.equal(cell?.base.instances ?? 0, baseCounts[k] ?? 0, `base ${k}`);
      assert.equal(cell?.head.instances ?? 0, headCounts[k] ?? 0, `head ${k}`);
      assert.equal(cell?.delta.instances ?? 0, (headCounts[k] ?? 0) - (baseCounts[k] ?? 0), `delta ${k}`);
    }
  }
  const star = diff.classes.find((c) => c.class === 'star')!;
  assert.deepEqual(star.delta, { instances: 1, images: 1 });
  assert.deepEqual(diff.splits.map((x) => [x.split, x.delta]), [['train', 0], ['val', 0]]); // +1 −1 in each

  assert.deepEqual(
    [...changedImagePaths(diff)].sort(),
    ['images/train/renamed_006.jpg', 'images/train/train_001.jpg', 'images/train/train_002.jpg', 'images/train/train_003.jpg', 'images/train/train_004.jpg', 'images/train/train_005.png', 'images/train/train_007.jpg', 'images/train/val_001.jpg', 'images/val/new_001.png'],
  );
  assert.ok(diff.changedFiles.includes('labels/train/train_004.txt'));
  assert.ok(diff.changedFiles.includes('labels/val/new_001.txt'));
  assert.ok(!diff.changedFiles.includes('labels/train/train_009.txt'));
  assert.deepEqual(JSON.parse(JSON.stringify(diff)), diff);

  // same commit on both sides: nothing changed
  const same = diffDatasets(base.ds, base.ds, { baseShas: base.shas, headShas: base.shas });
  assert.equal(same.summary.changed, false);
  assert.equal(same.labels.length + same.images.added.length + same.images.moved.length, 0);

  // shards: top-level folders, or the folders a glob names
  const bt = await lsTree(repo, c1, root);
  const ht = await lsTree(repo, c2, root);
  const shas = (t: Map<string, { sha: string }>) => new Map([...t].map(([k, v]) => [k, v.sha]));
  assert.deepEqual([...changedShards(shardManifests(shas(bt)), shardManifests(shas(ht)))].sort(), ['.', 'images', 'labels']);
  const globs = { globs: ['images/*', 'labels/*'] };
  assert.deepEqual([...shardManifests(shas(bt), globs).keys()], ['.', 'images/train', 'images/val', 'labels/train', 'labels/val']);
});

test('shards: only the changed folder changes its digest', async () => {
  const repo = makeRepo();
  const root = copyFixture(repo, 'yolo-demo', 'ds');
  const c1 = commitAll(repo, 'base');
  editLine(root, 'labels/val/val_003.txt', 1, (f) => ['0', ...f.slice(1)]);
  const c2 = commitAll(repo, 'one label');
  const m = async (rev: string) => shardManifests(new Map([...(await lsTree(repo, rev, root))].map(([k, v]) => [k, v.sha])), { globs: ['*/*'] });
  assert.deepEqual([...changedShards(await m(c1), await m(c2))], ['labels/val']);
  assert.deepEqual([...changedShards(await m(c1), await m(c1))], []);

  const of = shardOf();
  assert.deepEqual(['a.txt', 'images/train/x.jpg', 'labels/x.txt'].map(of), ['.', 'images', 'labels']);
  const deep = shardOf({ globs: ['images/*/batch-*'] });
  assert.deepEqual(['images/train/batch-01/x.jpg', 'images/train/y.jpg', 'images/train/batch-02/sub/z.jpg'].map(deep), ['images/train/batch-01', 'images', 'images/train/batch-02']);
  // removing a shard is a change
  assert.deepEqual([...changedShards(new Map([['a', '1'], ['b', '2']]), new Map([['a', '1']]))], ['b']);
});

function tinyDataset(classes: string[], images: [string, string, [number, number, number, number, number][]][]): Dataset {
  const imgs: ImageEntry[] = [];
  const boxes: Box[] = [];
  images.forEach(([p, split, bs], id) => {
    imgs.push({ id, path: p, split, labelState: bs.length ? 'labeled' : 'background', exists: true });
    for (const [classId, x1, y1, x2, y2] of bs) boxes.push({ image: id, classId, x1, y1, x2, y2, file: p + '.txt' });
  });
  return { root: '/x', format: 'yolo', classes: classes.map((name, id) => ({ id, name })), splits: ['train', 'val'], images: imgs, boxes, orphans: [], findings: [], notes: [] };
}

test('a renumbered class table is not a label change; a renamed id is reported; names match images without hashes', () => {
  const base = tinyDataset(['cat', 'dog'], [
    ['train/a.jpg', 'train', [[0, 0.1, 0.1, 0.3, 0.3], [1, 0.5, 0.5, 0.9, 0.9]]],
    ['val/b.jpg', 'val', [[1, 0.2, 0.2, 0.4, 0.4]]],
  ]);
  const head = tinyDataset(['dog', 'cat'], [
    ['train/a.jpg', 'train', [[1, 0.1, 0.1, 0.3, 0.3], [0, 0.5, 0.5, 0.9, 0.9]]],
    ['train/b.jpg', 'train', [[0, 0.2, 0.2, 0.4, 0.4]]],
  ]);
  const d = diffDatasets(base, head);
  assert.deepEqual(d.labels, []);
  assert.deepEqual(d.images.moved, [{ from: 'val/b.jpg', to: 'train/b.jpg', fromSplit: 'val', toSplit: 'train', by: 'name' }]);
  assert.deepEqual(d.classesRenamed, [{ id: 0, from: 'cat', to: 'dog' }, { id: 1, from: 'dog', to: 'cat' }]);
  assert.deepEqual(d.classes.find((c) => c.class === 'dog')!.splits, {
    train: { base: { instances: 1, images: 1 }, head: { instances: 2, images: 2 }, delta: { instances: 1, images: 1 } },
    val: { base: { instances: 1, images: 1 }, head: { instances: 0, images: 0 }, delta: { instances: -1, images: -1 } },
  });
  // VOC numbers its sorted class names itself: a new name shifts the ids, and that is no rename
  const voc = (ds: Dataset): Dataset => ({ ...ds, format: 'voc' });
  const added = tinyDataset(['Platelet', 'cat', 'dog'], [['train/a.jpg', 'train', [[1, 0.1, 0.1, 0.3, 0.3], [2, 0.5, 0.5, 0.9, 0.9]]]]);
  const dv = diffDatasets(voc(base), voc(added));
  assert.deepEqual([dv.classesRenamed, dv.classesAdded, dv.labels], [[], ['Platelet'], []]);
  assert.equal(diffDatasets(base, added).classesRenamed.length, 2, 'YOLO ids are declared: the same shift is a rename');
  // with hashes known on both sides and different, a same-named file elsewhere is not the same image
  const d2 = diffDatasets(base, head, { baseShas: new Map([['val/b.jpg', 'aa']]), headShas: new Map([['train/b.jpg', 'bb']]) });
  assert.deepEqual([d2.images.added.length, d2.images.removed.length, d2.images.moved.length], [1, 1, 0]);
  // an image without a hash on one side (read through a link, untracked): its name still tells
  const d3 = diffDatasets(base, head, { baseShas: new Map([['val/b.jpg', 'aa'], ['train/a.jpg', 'cc']]), headShas: new Map([['train/a.jpg', 'cc']]) });
  assert.deepEqual(d3.images.moved.map((m) => [m.from, m.to, m.by]), [['val/b.jpg', 'train/b.jpg', 'name']]);
});

test('diffBoxes: greedy passes, far same-class boxes are removed + added, duplicates kept once each', () => {
  const b = (cls: string, x1: number, y1: number, x2: number, y2: number) => ({ cls, x1, y1, x2, y2 });
  const r = diffBoxes(
    [b('a', 0, 0, 0.1, 0.1), b('a', 0, 0, 0.1, 0.1), b('b', 0.5, 0.5, 0.6, 0.6), b('c', 0.0, 0.8, 0.1, 0.9)],
    [b('a', 0, 0, 0.1, 0.1), b('b', 0.52, 0.5, 0.62, 0.6), b('c', 0.9, 0.0, 1.0, 0.1)],
  );
  assert.deepEqual([r.kept, r.added, r.removed, r.reclassified, r.moved, r.adjusted], [1, 1, 2, 0, 1, 0]);
  assert.deepEqual(r.changes.map((c) => `${c.kind}:${c.class}`), ['moved:b', 'removed:a', 'removed:c', 'added:c']);
  // the better overlap wins a contested match
  const r2 = diffBoxes([b('a', 0, 0, 0.5, 0.5), b('a', 0.05, 0, 0.55, 0.5)], [b('x', 0.05, 0, 0.55, 0.5)]);
  assert.deepEqual(r2.changes.map((c) => [c.kind, c.base?.x1]), [['reclassified', 0.05], ['removed', 0]]);
});
