/**
 * The image checks on a real YOLO dataset written to a temp dir: generated JPEG/PNG photos with
 * planted duplicates of every kind (byte copy, lossless re-encode, lossy re-encode, resize,
 * few-pixel crop, mirror, brightness shift), planted corrupt files, planted leakage across
 * train/val/test and group leakage, labels that disagree, static frames — read with openDataset,
 * scanned with scanImages, checked with runImageChecks. Asserts exactly which groups/files are
 * found, and that distinct images are never paired.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { runImageChecks } from '../src/checks/images.js';
import { inverseTransform, transformHash } from '../src/scan/hash-transform.js';
import { configSchema } from '../src/config/schema.js';
import type { CheckResult, Finding } from '../src/findings.js';
import { openDataset } from '../src/formats/read.js';
import type { Dataset } from '../src/model.js';
import { findNearPairs } from '../src/scan/near-index.js';
import { hamming64 } from '../src/scan/phash.js';
import { scanImages } from '../src/scan/scan.js';
import type { ImageRecord } from '../src/scan/types.js';

const W = 320;
const H = 240;

/** A synthetic "photo": a gradient background, a dozen coloured shapes, mild noise. */
function photo(seed: number, w = W, h = H): Buffer {
  let s = seed * 7919 + 17;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const px = Buffer.alloc(w * h * 3);
  const c0 = [rnd() * 255, rnd() * 255, rnd() * 255];
  const c1 = [rnd() * 255, rnd() * 255, rnd() * 255];
  const ang = rnd() * Math.PI * 2;
  const shapes = Array.from({ length: 12 }, () => ({
    x: rnd() * w,
    y: rnd() * h,
    rx: 10 + rnd() * w * 0.25,
    ry: 10 + rnd() * h * 0.25,
    rect: rnd() < 0.5,
    c: [rnd() * 255, rnd() * 255, rnd() * 255],
  }));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const t = Math.min(1, Math.max(0, 0.5 + ((x / w - 0.5) * Math.cos(ang) + (y / h - 0.5) * Math.sin(ang))));
      let c = c0.map((v, k) => v + (c1[k]! - v) * t);
      for (const sh of shapes) {
        const dx = (x - sh.x) / sh.rx;
        const dy = (y - sh.y) / sh.ry;
        if (sh.rect ? Math.abs(dx) < 1 && Math.abs(dy) < 1 : dx * dx + dy * dy < 1) c = sh.c;
      }
      const o = (y * w + x) * 3;
      for (let k = 0; k < 3; k++) px[o + k] = Math.max(0, Math.min(255, Math.round(c[k]! + (rnd() - 0.5) * 12)));
    }
  return px;
}

const raw = (px: Buffer, w = W, h = H) => sharp(px, { raw: { width: w, height: h, channels: 3 } });
const jpeg = (px: Buffer, w = W, h = H, quality = 90) => raw(px, w, h).jpeg({ quality }).toBuffer();

let dir: string;
let ds: Dataset;
let records: (ImageRecord | undefined)[];
let results: CheckResult[];
let findings: Finding[];

/** YOLO label line for a normalised box. */
const yl = (cls: number, x1: number, y1: number, x2: number, y2: number) => `${cls} ${(x1 + x2) / 2} ${(y1 + y2) / 2} ${x2 - x1} ${y2 - y1}`;

function put(rel: string, data: Buffer | string): void {
  const p = path.join(dir, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, data);
}

/** image + its label file (lines) */
async function add(split: string, name: string, bytes: Buffer, labels: string[] | null): Promise<void> {
  put(`images/${split}/${name}`, bytes);
  if (labels) put(`labels/${split}/${name.replace(/\.[^.]+$/, '.txt')}`, labels.join('\n') + (labels.length ? '\n' : ''));
}

// base image i carries one box, off-centre (a mirror moves it) and different per image
const boxOf = (i: number) => [0.05 + 0.02 * i, 0.2, 0.4 + 0.02 * i, 0.7 - 0.01 * i] as const;
const box = (i: number, cls = 0) => yl(cls, ...boxOf(i));
const mirroredBox = (i: number, cls = 0) => yl(cls, 1 - boxOf(i)[2], boxOf(i)[1], 1 - boxOf(i)[0], boxOf(i)[3]);

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'qc-images-'));
  put('data.yaml', 'path: .\ntrain: images/train\nval: images/val\ntest: images/test\nnames: [thing, other]\n');
  const base = await Promise.all(Array.from({ length: 16 }, (_, i) => jpeg(photo(i + 1))));
  // 12 distinct originals in train (cam1_ / cam2_ prefixes give the group keys)
  for (let i = 0; i < 12; i++) await add('train', `${i < 6 ? 'cam1' : 'cam2'}_base${String(i).padStart(2, '0')}.jpg`, base[i]!, [box(i)]);
  // distinct images in val and test, one of val in cam1 → group leakage
  await add('val', 'cam1_val00.jpg', base[12]!, [box(12)]);
  await add('val', 'cam3_val01.jpg', base[13]!, [box(13)]);
  await add('test', 'cam4_test00.jpg', base[14]!, [box(14)]);

  // planted duplicates inside train
  await add('train', 'dup_exact.jpg', base[0]!, [box(0, 1)]); // same bytes, other class: label conflict
  await add('train', 'dup_pixels.png', await sharp(base[1]!).png().toBuffer(), [box(1)]); // same pixels
  await add('train', 'dup_reencoded.jpg', await sharp(base[2]!).jpeg({ quality: 55 }).toBuffer(), [box(2)]);
  await add('train', 'dup_resized.jpg', await sharp(base[3]!).resize(160, 120).jpeg({ quality: 85 }).toBuffer(), [box(3)]);
  await add('train', 'dup_cropped.jpg', await sharp(base[4]!).extract({ left: 4, top: 3, width: W - 8, height: H - 6 }).jpeg({ quality: 90 }).toBuffer(), [
    yl(0, (boxOf(4)[0] * W - 4) / (W - 8), (boxOf(4)[1] * H - 3) / (H - 6), (boxOf(4)[2] * W - 4) / (W - 8), (boxOf(4)[3] * H - 3) / (H - 6)),
  ]);
  await add('train', 'dup_mirrored.jpg', await sharp(base[5]!).flop().jpeg({ quality: 90 }).toBuffer(), [mirroredBox(5)]);
  await add('train', 'dup_brighter.jpg', await sharp(base[6]!).modulate({ brightness: 1.2 }).jpeg({ quality: 90 }).toBuffer(), [box(6)]);
  // a copy rotated 90° clockwise, its box rotated with it: (x, y) → (1 − y, x)
  await add('train', 'cam2_base15.jpg', base[15]!, [box(15)]);
  const b15 = boxOf(15);
  await add('train', 'dup_rotated.jpg', await sharp(base[15]!).rotate(90).jpeg({ quality: 90 }).toBuffer(), [yl(0, 1 - b15[3], b15[0], 1 - b15[1], b15[2])]);
  // a mirrored copy whose box was NOT mirrored: its labels disagree
  await add('train', 'dup_mirrored_badlabel.jpg', await sharp(base[11]!).flop().jpeg({ quality: 90 }).toBuffer(), [box(11)]);

  // leakage: a byte copy of a train image in val, a resized copy in test
  await add('val', 'leak_copy.jpg', base[7]!, [box(7)]);
  await add('test', 'leak_resized.jpg', await sharp(base[8]!).resize(240, 180).jpeg({ quality: 80 }).toBuffer(), [box(8)]);

  // broken files
  await add('train', 'bad_truncated.jpg', base[9]!.subarray(0, Math.floor(base[9]!.length / 2)), [box(9)]);
  await add('train', 'bad_empty.jpg', Buffer.alloc(0), []);
  await add('train', 'bad_text.jpg', Buffer.from('this is not an image\n'), []);
  const garbage = Buffer.from(base[10]!);
  for (let k = 600; k < garbage.length - 2; k += 7) garbage[k] = (garbage[k]! * 31 + 7) & 0xff;
  await add('train', 'bad_garbage.jpg', garbage, []);

  // a sequence: three distinct frames with identical labels, then one whose box moved
  const frame = (k: number) => jpeg(photo(100 + k));
  await add('train', 'video_0001.jpg', await frame(1), [box(20), yl(1, 0.6, 0.1, 0.9, 0.4)]);
  await add('train', 'video_0002.jpg', await frame(2), [box(20), yl(1, 0.6, 0.1, 0.9, 0.4)]);
  await add('train', 'video_0003.jpg', await frame(3), [box(20), yl(1, 0.6, 0.1, 0.9, 0.4)]);
  await add('train', 'video_0004.jpg', await frame(4), [box(20), yl(1, 0.5, 0.1, 0.8, 0.4)]);

  ds = await openDataset(dir, { groupBy: '/(cam\\d+)_' });
  const present = ds.images.filter((i) => i.exists);
  const res = await scanImages(
    present.map((i) => ({ path: i.path, absPath: path.join(ds.root, i.path), slot: i.id })),
    { concurrency: 2, slots: ds.images.length },
  );
  records = res.records.toArray();
  results = runImageChecks(ds, records, configSchema.parse({}));
  findings = results.flatMap((r) => r.findings);
});

after(() => rmSync(dir, { recursive: true, force: true }));

const of = (check: string) => findings.filter((f) => f.check === check);
/** [path, ...related] sorted, for one finding */
const members = (f: Finding) => [f.path!, ...(f.related ?? [])].sort();
const groupsOf = (check: string) => of(check).map(members).sort((a, b) => a[0]!.localeCompare(b[0]!));

test('result ids and every image scanned', () => {
  assert.deepEqual(
    results.map((r) => r.id),
    ['image-errors', 'duplicates', 'leakage', 'label-dups', 'outliers', 'image-quality'],
  );
  assert.equal(ds.images.length, 35);
  assert.ok(records.every((r) => r !== undefined));
});

test('broken files: one error finding each, naming the file and the problem', () => {
  const broken = findings.filter((f) => /^image\/(corrupt|truncated|empty|not-image|unsupported|bomb)$/.test(f.check));
  const byPath = Object.fromEntries(broken.map((f) => [f.path, f.check]));
  assert.equal(byPath['images/train/bad_empty.jpg'], 'image/empty');
  assert.equal(byPath['images/train/bad_text.jpg'], 'image/not-image');
  assert.match(byPath['images/train/bad_truncated.jpg'] ?? '', /^image\/(truncated|corrupt)$/);
  assert.match(byPath['images/train/bad_garbage.jpg'] ?? '', /^image\/(corrupt|truncated)$/);
  assert.equal(broken.length, 4, broken.map((f) => f.path).join(', '));
  for (const f of broken) {
    assert.equal(f.severity, 'error');
    assert.ok(f.message.includes(f.path!), f.message);
  }
  const st = results.find((r) => r.id === 'image-errors')!.stats as { errors: Record<string, number> };
  assert.equal(Object.values(st.errors).reduce((a, b) => a + b, 0), 4);
});

test('exact and pixel-identical copies inside one split: one warning per group', () => {
  assert.deepEqual(groupsOf('dup/exact'), [['images/train/cam1_base00.jpg', 'images/train/dup_exact.jpg']]);
  assert.deepEqual(groupsOf('dup/pixel'), [['images/train/cam1_base01.jpg', 'images/train/dup_pixels.png']]);
  for (const f of [...of('dup/exact'), ...of('dup/pixel')]) assert.equal(f.severity, 'warning');
});

test('near duplicates: re-encoded, resized, cropped, mirrored, brightness-shifted copies — and nothing else', () => {
  assert.deepEqual(groupsOf('dup/near'), [
    ['images/train/cam1_base02.jpg', 'images/train/dup_reencoded.jpg'],
    ['images/train/cam1_base03.jpg', 'images/train/dup_resized.jpg'],
    ['images/train/cam1_base04.jpg', 'images/train/dup_cropped.jpg'],
    ['images/train/cam1_base05.jpg', 'images/train/dup_mirrored.jpg'],
    ['images/train/cam2_base06.jpg', 'images/train/dup_brighter.jpg'],
    ['images/train/cam2_base11.jpg', 'images/train/dup_mirrored_badlabel.jpg'],
    ['images/train/cam2_base15.jpg', 'images/train/dup_rotated.jpg'],
  ]);
  const mirrored = of('dup/near').find((f) => f.path === 'images/train/cam1_base05.jpg')!;
  assert.match(mirrored.message, /rotating or mirroring/);
  assert.equal(mirrored.severity, 'warning');
  // distinct images are never paired: every duplicate group holds exactly one original
  const dupGroups = findings.filter((f) => ['dup/exact', 'dup/pixel', 'dup/near', 'leak/duplicate'].includes(f.check));
  assert.equal(dupGroups.length, 11);
  for (const f of dupGroups) assert.equal(members(f).filter((p) => /base|val0|test0|video_/.test(p)).length, 1, f.message);
  const stats = results.find((r) => r.id === 'duplicates')!.stats as { exactGroups: number; pixelGroups: number; nearGroups: number };
  assert.deepEqual([stats.exactGroups, stats.pixelGroups, stats.nearGroups], [2, 1, 8]);
});

test('leakage: copies across splits are errors naming both splits; group keys in two splits too', () => {
  assert.deepEqual(groupsOf('leak/duplicate'), [
    ['images/test/leak_resized.jpg', 'images/train/cam2_base08.jpg'],
    ['images/train/cam2_base07.jpg', 'images/val/leak_copy.jpg'],
  ]);
  for (const f of of('leak/duplicate')) {
    assert.equal(f.severity, 'error');
    assert.match(f.message, /'train'/);
    assert.match(f.message, /'(val|test)'/);
    // the finding points at the evaluation-side copy
    assert.match(f.path!, /^images\/(val|test)\//);
  }
  // the cross-split copies are not reported again as dup/*
  assert.ok(!findings.some((f) => f.check.startsWith('dup/') && f.check !== 'dup/label-conflict' && members(f).some((p) => p.includes('leak_'))));

  const g = of('leak/group');
  assert.deepEqual(
    g.map((f) => f.key),
    ['cam1'],
  );
  assert.equal(g[0]!.severity, 'error');
  assert.equal(g[0]!.path, 'images/val/cam1_val00.jpg');
  assert.match(g[0]!.message, /'cam1'.*'train'.*'val'/s);
  const st = results.find((r) => r.id === 'leakage')!.stats as { leakedGroups: number; duplicateGroups: number; bySplitPair: Record<string, number> };
  assert.deepEqual([st.leakedGroups, st.duplicateGroups], [1, 2]);
  assert.deepEqual(st.bySplitPair, { 'train|val': 1, 'train|test': 1 });
});

test('label conflicts: the copy with another class and the mirror whose box was not mirrored', () => {
  assert.deepEqual(groupsOf('dup/label-conflict'), [
    ['images/train/cam1_base00.jpg', 'images/train/dup_exact.jpg'],
    ['images/train/cam2_base11.jpg', 'images/train/dup_mirrored_badlabel.jpg'],
  ]);
  const exact = of('dup/label-conflict').find((f) => f.path === 'images/train/cam1_base00.jpg')!;
  assert.match(exact.message, /classes differ/);
  assert.match(exact.message, /1 × thing/);
  assert.match(exact.message, /1 × other/);
  const mirror = of('dup/label-conflict').find((f) => f.path === 'images/train/cam2_base11.jpg')!;
  assert.match(mirror.message, /does not match at IoU ≥ 0\.95/);
});

test('static frames: the three frames with identical labels, not the fourth', () => {
  assert.deepEqual(groupsOf('dup/static-frames'), [['images/train/video_0001.jpg', 'images/train/video_0002.jpg', 'images/train/video_0003.jpg']]);
  assert.match(of('dup/static-frames')[0]!.message, /3 consecutive frames/);
});

test('every finding has a stable fingerprint: a second run gives the same set', () => {
  const again = runImageChecks(ds, records, configSchema.parse({})).flatMap((r) => r.findings);
  assert.deepEqual(again.map((f) => f.fingerprint).sort(), findings.map((f) => f.fingerprint).sort());
  assert.equal(new Set(findings.map((f) => f.fingerprint)).size, findings.length);
});

test('severities and switches come from the config', () => {
  const cfg = configSchema.parse({
    thresholds: { leakage: { duplicates: 'warning', groups: 'off' }, duplicates: { severity: 'off', flips: false }, duplicateLabels: { staticFrames: 'off' } },
  });
  const f = runImageChecks(ds, records, cfg).flatMap((r) => r.findings);
  assert.ok(f.filter((x) => x.check === 'leak/duplicate').every((x) => x.severity === 'warning'));
  assert.equal(f.filter((x) => x.check === 'leak/duplicate').length, 2);
  assert.ok(!f.some((x) => x.check === 'leak/group' || x.check === 'dup/near' || x.check === 'dup/exact' || x.check === 'dup/static-frames'));
  // without the flip search the mirrored copies are no longer duplicates, so no label conflict for them
  assert.deepEqual(
    f.filter((x) => x.check === 'dup/label-conflict').map((x) => x.path),
    ['images/train/cam1_base00.jpg'],
  );
});

test('a visually uniform dataset (flat, sky-like frames) gives no near-duplicate pairs', async () => {
  const udir = mkdtempSync(path.join(os.tmpdir(), 'qc-uniform-'));
  try {
    const names: string[] = [];
    for (let i = 0; i < 24; i++) {
      // a flat level, a faint vertical gradient (3 grey levels) and a faint blob (1 level) in a different place
      const level = 70 + i * 6;
      const [bx, by] = [(i * 37) % W, (i * 53) % H];
      const px = Buffer.alloc(W * H * 3);
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          const blob = (x - bx) ** 2 + (y - by) ** 2 < 400 ? 1 : 0;
          for (let k = 0; k < 3; k++) px[(y * W + x) * 3 + k] = Math.round(level + (k === 2 ? 8 : 0) + (3 * y) / H + blob);
        }
      const name = `images/train/sky_${String(i).padStart(3, '0')}.jpg`;
      mkdirSync(path.join(udir, 'images/train'), { recursive: true });
      mkdirSync(path.join(udir, 'labels/train'), { recursive: true });
      writeFileSync(path.join(udir, name), await jpeg(px));
      writeFileSync(path.join(udir, name.replace('images/', 'labels/').replace('.jpg', '.txt')), `0 ${0.3 + i / 60} 0.5 0.2 0.2\n`);
      names.push(name);
    }
    writeFileSync(path.join(udir, 'data.yaml'), 'path: .\ntrain: images/train\nnames: [plane]\n');
    const uds = await openDataset(udir, {});
    const res = await scanImages(uds.images.map((i) => ({ path: i.path, absPath: path.join(udir, i.path) })), { concurrency: 2 });
    // the hashes alone WOULD pair these distinct images
    assert.ok(findNearPairs(res.records.toArray().map((r) => r?.phash), 8).length > 0, 'the uniform images were expected to collide on pHash');
    assert.ok(res.records.toArray().every((r) => r?.lowVariance), 'every flat image is flagged low-variance');
    const out = runImageChecks(uds, res.records, configSchema.parse({})).flatMap((r) => r.findings);
    assert.deepEqual(out.filter((f) => f.check.startsWith('dup/') || f.check.startsWith('leak/')), []);
    const st = runImageChecks(uds, res.records, configSchema.parse({})).find((r) => r.id === 'duplicates')!.stats as { lowVariance: number; nearPairs: number };
    assert.deepEqual([st.lowVariance, st.nearPairs], [24, 0]);
  } finally {
    rmSync(udir, { recursive: true, force: true });
  }
});

test('transformHash: the 8 rotations/flips form a group action that preserves Hamming distance', () => {
  const a = '8f3a5c0e91b2d476';
  const b = 'a13f5c0e11b2d4f6';
  for (let t = 0; t < 8; t++) {
    assert.equal(hamming64(transformHash(a, t), transformHash(b, t)), hamming64(a, b));
    // inverseTransform undoes t; mirrors alone are involutions
    assert.equal(transformHash(transformHash(a, t), inverseTransform(t)), a);
    assert.equal(transformHash(transformHash(a, t & 3), t & 3), a);
  }
  assert.equal(transformHash(a, 0), a);
  assert.equal(new Set(Array.from({ length: 8 }, (_, t) => transformHash(a, t))).size, 8);
});
