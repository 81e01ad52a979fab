/**
 * Generate the committed fixtures deterministically (same bytes on every run with the same sharp):
 *   fixtures/yolo-demo     a clean YOLO dataset (the README demo): no `error` finding expected
 *   fixtures/yolo-defects  YOLO with one planted defect of each kind
 *   fixtures/coco-defects  COCO with planted defects (+ a truncated JSON)
 *   fixtures/voc-defects   Pascal VOC with planted defects (+ a broken XML)
 *   fixtures/voc-csv       lower-case annotations/ + images/ with CSV splits
 * and fixtures/DEFECTS.md, which lists every planted defect with its file and line.
 *   npx tsx scripts/make-fixtures.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIX = path.join(repo, 'fixtures');

// ---------- deterministic drawing ----------

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

type Shape = 'circle' | 'square' | 'triangle';
interface Obj {
  shape: Shape;
  /** pixel box */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const hsl = (h: number, s: number, l: number) => `hsl(${Math.round(h)},${Math.round(s)}%,${Math.round(l)}%)`;

/** An SVG scene: a gradient, soft blobs and stripes (distinct per seed), shapes on the boxes. */
function sceneSvg(w: number, h: number, seed: number, objects: Obj[]): string {
  const r = rng(seed * 7919 + 13);
  const hue = r() * 360;
  const angle = Math.round(r() * 360);
  const parts: string[] = [];
  parts.push(
    `<defs><linearGradient id="g" gradientTransform="rotate(${angle} .5 .5)"><stop offset="0" stop-color="${hsl(hue, 40 + r() * 40, 25 + r() * 30)}"/><stop offset="1" stop-color="${hsl(hue + 60 + r() * 180, 40 + r() * 40, 45 + r() * 30)}"/></linearGradient></defs>`,
    `<rect width="${w}" height="${h}" fill="url(#g)"/>`,
  );
  for (let i = 0; i < 5; i++) {
    parts.push(`<ellipse cx="${(r() * w).toFixed(1)}" cy="${(r() * h).toFixed(1)}" rx="${(w * (0.1 + r() * 0.35)).toFixed(1)}" ry="${(h * (0.1 + r() * 0.35)).toFixed(1)}" fill="${hsl(r() * 360, 60, 20 + r() * 60)}" opacity="${(0.25 + r() * 0.4).toFixed(2)}"/>`);
  }
  for (let i = 0; i < 4; i++) {
    const x = r() * w;
    const y = r() * h;
    const s = Math.min(w, h) * (0.15 + r() * 0.5);
    parts.push(`<polygon points="${x.toFixed(1)},${y.toFixed(1)} ${(x + s * (r() - 0.3)).toFixed(1)},${(y + s).toFixed(1)} ${(x + s).toFixed(1)},${(y + s * (r() - 0.5)).toFixed(1)}" fill="${hsl(r() * 360, 20 + r() * 50, 10 + r() * 80)}" opacity="${(0.5 + r() * 0.4).toFixed(2)}"/>`);
  }
  const stripes = 2 + Math.floor(r() * 5);
  for (let i = 0; i < stripes; i++) {
    const y = r() * h;
    parts.push(`<line x1="0" y1="${y.toFixed(1)}" x2="${w}" y2="${(y + (r() - 0.5) * h).toFixed(1)}" stroke="${hsl(r() * 360, 30, 80)}" stroke-width="${(1 + r() * 3).toFixed(1)}" opacity="0.5"/>`);
  }
  for (const o of objects) {
    const fill = o.shape === 'circle' ? '#e8402a' : o.shape === 'square' ? '#2a7be8' : '#f2d22e';
    const bw = o.x2 - o.x1;
    const bh = o.y2 - o.y1;
    if (bw <= 0 || bh <= 0) continue;
    if (o.shape === 'circle') parts.push(`<ellipse cx="${o.x1 + bw / 2}" cy="${o.y1 + bh / 2}" rx="${bw / 2}" ry="${bh / 2}" fill="${fill}" stroke="#111" stroke-width="1"/>`);
    else if (o.shape === 'square') parts.push(`<rect x="${o.x1}" y="${o.y1}" width="${bw}" height="${bh}" fill="${fill}" stroke="#111" stroke-width="1"/>`);
    else parts.push(`<polygon points="${o.x1 + bw / 2},${o.y1} ${o.x2},${o.y2} ${o.x1},${o.y2}" fill="${fill}" stroke="#111" stroke-width="1"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${parts.join('')}</svg>`;
}

async function writeImage(file: string, w: number, h: number, seed: number, objects: Obj[]): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const img = sharp(Buffer.from(sceneSvg(w, h, seed, objects))).removeAlpha();
  const buf = file.endsWith('.png') ? await img.png({ compressionLevel: 9 }).toBuffer() : await img.jpeg({ quality: 80 }).toBuffer();
  writeFileSync(file, buf);
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** 1..3 non-overlapping objects of 18..45 % of the short side, inside the image with a margin */
function randomObjects(w: number, h: number, seed: number, classes: Shape[], count?: number): Obj[] {
  const r = rng(seed * 104729 + 7);
  const n = count ?? 1 + Math.floor(r() * 3);
  const out: Obj[] = [];
  for (let tries = 0; out.length < n && tries < 200; tries++) {
    const s = Math.min(w, h) * (0.18 + r() * 0.27);
    const bw = Math.round(s * (0.8 + r() * 0.5));
    const bh = Math.round(s * (0.8 + r() * 0.5));
    const x1 = 2 + Math.floor(r() * (w - bw - 4));
    const y1 = 2 + Math.floor(r() * (h - bh - 4));
    const o: Obj = { shape: classes[Math.floor(r() * classes.length)]!, x1, y1, x2: x1 + bw, y2: y1 + bh };
    if (out.some((p) => !(o.x2 + 3 < p.x1 || p.x2 + 3 < o.x1 || o.y2 + 3 < p.y1 || p.y2 + 3 < o.y1))) continue;
    out.push(o);
  }
  return out;
}

const SIZES: [number, number][] = [
  [160, 120],
  [128, 96],
  [96, 72],
  [144, 108],
];
const SHAPES: Shape[] = ['circle', 'square', 'triangle'];

const f6 = (v: number) => v.toFixed(6);
function yoloLine(o: Obj, w: number, h: number, cls: number): string {
  return `${cls} ${f6((o.x1 + o.x2) / 2 / w)} ${f6((o.y1 + o.y2) / 2 / h)} ${f6((o.x2 - o.x1) / w)} ${f6((o.y2 - o.y1) / h)}`;
}

/** every "line N" of a needle in a text, 1-based */
function lineOf(text: string, needle: string, from = 0): number {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`fixture generator: "${needle}" not found`);
  return text.slice(0, i).split('\n').length;
}

const defects: string[] = [];
const note = (row: string) => defects.push(row);

// ---------- yolo-demo (clean) ----------

async function yoloDemo(): Promise<void> {
  const root = path.join(FIX, 'yolo-demo');
  write(path.join(root, 'data.yaml'), `# dataset-qc demo: three shape classes drawn on varied backgrounds\npath: .\ntrain: images/train\nval: images/val\nnames:\n  0: circle\n  1: square\n  2: triangle\n`);
  const plan: [string, number, number][] = [
    ['train', 25, 2],
    ['val', 12, 1],
  ];
  let seed = 1;
  for (const [split, n, backgrounds] of plan) {
    for (let i = 0; i < n; i++, seed++) {
      const [w, h] = SIZES[seed % SIZES.length]!;
      const name = `${split}_${String(i + 1).padStart(3, '0')}`;
      const bg = i >= n - backgrounds;
      const objs = bg ? [] : randomObjects(w, h, seed, SHAPES);
      await writeImage(path.join(root, 'images', split, `${name}.${seed % 5 === 0 ? 'png' : 'jpg'}`), w, h, seed, objs);
      write(path.join(root, 'labels', split, `${name}.txt`), objs.map((o) => yoloLine(o, w, h, SHAPES.indexOf(o.shape)) + '\n').join(''));
    }
  }
}

// ---------- yolo-defects ----------

async function yoloDefects(): Promise<void> {
  const root = path.join(FIX, 'yolo-defects');
  write(path.join(root, 'data.yaml'), `path: .\ntrain: images/train\nval: images/val\nnames: [circle, square, triangle]\n`);
  const W = 160;
  const H = 120;
  const img = (split: string, name: string, seed: number, objs: Obj[] = []) => writeImage(path.join(root, 'images', split, `${name}.jpg`), W, H, seed, objs);
  const lbl = (split: string, name: string, lines: string[]) => write(path.join(root, 'labels', split, `${name}.txt`), lines.map((l) => l + '\n').join(''));
  let seed = 500;
  // clean images so that each class has a normal size distribution
  for (let i = 1; i <= 10; i++, seed++) {
    const split = i <= 7 ? 'train' : 'val';
    const objs = randomObjects(W, H, seed, SHAPES, 2);
    await img(split, `ok_${String(i).padStart(2, '0')}`, seed, objs);
    lbl(split, `ok_${String(i).padStart(2, '0')}`, objs.map((o) => yoloLine(o, W, H, SHAPES.indexOf(o.shape))));
  }
  const good = '0 0.300000 0.300000 0.200000 0.250000';
  const t = 'labels/train';
  const plant = async (name: string, lines: string[], rows: [string, number | '', string][]) => {
    await img('train', name, seed++);
    lbl('train', name, lines);
    for (const [check, line, what] of rows) note(`| yolo-defects | ${check} | ${t}/${name}.txt | ${line} | ${what} |`);
  };
  await plant('malformed', [good, '1 0.5 0.5 0.2', '2 0.5 0.5 0.2 0.2 0.9', '0 nan 0.5 0.2 0.2', '1 0.5 inf 0.2 0.2'], [
    ['label/parse', 2, '4 values'],
    ['label/parse', 3, '6 values (box + confidence)'],
    ['label/parse', 4, '`nan`'],
    ['label/parse', 5, '`inf`'],
  ]);
  await plant('class_range', [good, '7 0.500000 0.500000 0.200000 0.200000', '1.5 0.700000 0.700000 0.100000 0.100000'], [
    ['label/class-range', 2, 'class 7 with 3 classes declared'],
    ['label/class-range', 3, 'class id 1.5 is not an integer'],
  ]);
  await plant('zero_size', [good, '0 0.700000 0.700000 0.000000 0.200000'], [['box/zero-size (lead check)', 2, 'width 0']]);
  await plant('outside', [good, '1 0.950000 0.500000 0.300000 0.200000'], [['box/outside (lead check)', 2, 'x2 = 1.10']]);
  await plant('tiny', [good, '2 0.700000 0.700000 0.012500 0.016667'], [['box/tiny (lead check)', 2, '2×2 px on 160×120']]);
  await plant('aspect', [good, '0 0.500000 0.800000 0.900000 0.045000'], [['box/aspect-ratio (lead check)', 2, '144×5.4 px, ratio ≈ 27']]);
  await plant('duplicate', ['0 0.400000 0.400000 0.300000 0.300000', '0 0.410000 0.400000 0.300000 0.300000'], [['box/duplicate (lead check)', 2, 'same class as line 1, IoU ≈ 0.94']]);
  await plant('conflict', ['1 0.600000 0.600000 0.300000 0.300000', '2 0.600000 0.600000 0.300000 0.300000'], [['box/conflict (lead check)', 2, 'class 2 over class 1 on line 1, IoU = 1']]);
  await plant('huge', ['1 0.500000 0.500000 0.980000 0.980000'], [['box/size-outlier (lead check)', 1, 'a square covering 96 % of the image; other squares are 4–15 %']]);
  const crowd: string[] = [];
  for (let gy = 0; gy < 16; gy++) for (let gx = 0; gx < 20; gx++) crowd.push(`0 ${f6((gx + 0.5) / 20)} ${f6((gy + 0.5) / 16)} 0.040000 0.050000`);
  await plant('crowded', crowd, [['box/too-many + objects-per-image outlier (lead checks)', '', '320 circles in one image']]);
  await plant('polygon', [good, '2 0.60 0.60 0.80 0.60 0.70 0.80', '1 0.1 0.6 0.3 0.6 0.3 0.9 0.1 0.9'], [['(reader note)', 2, 'a triangle polygon (7 values) and an oriented box (9 values, line 3) read as bounding boxes']]);
  await img('train', 'background', seed++);
  lbl('train', 'background', []);
  note(`| yolo-defects | background (label state) | ${t}/background.txt | | empty label file: a deliberate background image |`);
  await img('train', 'unlabeled', seed++);
  note(`| yolo-defects | unlabeled (label state) | images/train/unlabeled.jpg | | no label file |`);
  lbl('train', 'orphan', [good]);
  note(`| yolo-defects | orphan (Dataset.orphans) | ${t}/orphan.txt | | label file with no image |`);
  write(path.join(root, 'labels', 'train.cache'), 'not a label file: Ultralytics cache, ignored\n');
}

// ---------- coco-defects ----------

async function cocoDefects(): Promise<void> {
  const root = path.join(FIX, 'coco-defects');
  const W = 160;
  const H = 120;
  const cats = [
    { id: 1, name: 'circle', supercategory: 'shape' },
    { id: 3, name: 'square', supercategory: 'shape' },
    { id: 7, name: 'triangle', supercategory: 'shape' },
  ];
  const catOf: Record<Shape, number> = { circle: 1, square: 3, triangle: 7 };
  let annId = 100;
  let seed = 900;
  const make = async (split: string, count: number) => {
    const images: Record<string, unknown>[] = [];
    const anns: Record<string, unknown>[] = [];
    for (let i = 1; i <= count; i++, seed++) {
      const id = split === 'train' ? i : 50 + i;
      const name = `${split}_${String(i).padStart(2, '0')}.jpg`;
      const objs = randomObjects(W, H, seed, SHAPES, 2);
      await writeImage(path.join(root, split, name), W, H, seed, objs);
      images.push({ id, file_name: name, width: W, height: H });
      for (const o of objs) anns.push({ id: annId++, image_id: id, category_id: catOf[o.shape], bbox: [o.x1, o.y1, o.x2 - o.x1, o.y2 - o.y1], area: (o.x2 - o.x1) * (o.y2 - o.y1), iscrowd: 0 });
    }
    return { images, anns };
  };
  const train = await make('train', 8);
  const val = await make('val', 4);
  // planted (train)
  const add = async (name: string, id: number, declared?: [number, number]) => {
    await writeImage(path.join(root, 'train', name), W, H, seed++, []);
    train.images.push({ id, file_name: name, width: declared?.[0] ?? W, height: declared?.[1] ?? H });
  };
  await add('background.jpg', 20);
  await add('size_mismatch.jpg', 21, [200, 150]);
  await add('boxes.jpg', 22);
  train.images.push({ id: 23, file_name: 'missing.jpg', width: W, height: H });
  await writeImage(path.join(root, 'train', 'unlisted.jpg'), W, H, seed++, []);
  const planted: [number, Record<string, unknown>, string, string][] = [
    [901, { image_id: 22, category_id: 1, bbox: [10, 10, 0, 20], iscrowd: 0 }, 'box/zero-size (lead check)', 'width 0'],
    [902, { image_id: 22, category_id: 3, bbox: [140, 40, 40, 30], iscrowd: 0 }, 'box/outside (lead check)', 'x + w = 180 > 160'],
    [903, { image_id: 22, category_id: 7, bbox: [60, 5, 2, 2], iscrowd: 0 }, 'box/tiny (lead check)', '2×2 px'],
    [904, { image_id: 22, category_id: 1, bbox: [5, 100, 140, 5], iscrowd: 0 }, 'box/aspect-ratio (lead check)', '140×5 px'],
    [905, { image_id: 22, category_id: 3, bbox: [30, 40, 40, 40], iscrowd: 0 }, '(first of a duplicate pair)', ''],
    [906, { image_id: 22, category_id: 3, bbox: [31, 40, 40, 40], iscrowd: 0 }, 'box/duplicate (lead check)', 'same class as 905, IoU ≈ 0.95'],
    [907, { image_id: 22, category_id: 1, bbox: [90, 50, 40, 40], iscrowd: 0 }, '(first of a conflicting pair)', ''],
    [908, { image_id: 22, category_id: 7, bbox: [90, 50, 40, 40], iscrowd: 0 }, 'box/conflict (lead check)', 'different class over 907, IoU = 1'],
    [909, { image_id: 22, category_id: 1, bbox: [0, 0, 60, 60], iscrowd: 1, segmentation: { counts: [0, 10], size: [H, W] } }, '(crowd)', 'iscrowd: 1 → Box.crowd'],
    [910, { image_id: 999, category_id: 1, bbox: [10, 10, 20, 20], iscrowd: 0 }, 'coco/bad-reference', 'image id 999 does not exist'],
    [911, { image_id: 1, category_id: 5, bbox: [10, 10, 20, 20], iscrowd: 0 }, 'coco/bad-reference', 'category id 5 does not exist'],
    [912, { image_id: 1, category_id: 3, bbox: [10, 10, 20], iscrowd: 0 }, 'label/parse', 'bbox has 3 numbers'],
    [913, { image_id: 21, category_id: 3, bbox: [20, 20, 60, 50], iscrowd: 0 }, '(box on the size-mismatch image)', ''],
  ];
  for (const [id, a] of planted) train.anns.push({ id, ...a });
  const trainText = JSON.stringify({ info: { description: 'dataset-qc COCO defects fixture' }, images: train.images, annotations: train.anns, categories: cats }, null, 2) + '\n';
  const valText = JSON.stringify({ images: val.images, annotations: val.anns, categories: cats }, null, 2) + '\n';
  write(path.join(root, 'annotations', 'instances_train.json'), trainText);
  write(path.join(root, 'annotations', 'instances_val.json'), valText);
  const j = 'annotations/instances_train.json';
  const annStart = trainText.indexOf('"annotations"');
  for (const [id, , check, what] of planted) {
    if (check.startsWith('(first') || check === '(box on the size-mismatch image)') continue;
    note(`| coco-defects | ${check} | ${j} | ${lineOf(trainText, `"id": ${id},`, annStart)} | annotation ${id}: ${what} |`);
  }
  note(`| coco-defects | image/missing | ${j} | ${lineOf(trainText, '"id": 23,')} | image 23 missing.jpg is not on disk |`);
  note(`| coco-defects | image size mismatch (lead check) | train/size_mismatch.jpg | ${lineOf(trainText, '"id": 21,')} | JSON says 200×150, file is 160×120 (line of image 21 in ${j}) |`);
  note(`| coco-defects | background (label state) | train/background.jpg | | image 20 has no annotations |`);
  note(`| coco-defects | unlabeled (label state) | train/unlisted.jpg | | on disk in train/, not in the JSON |`);
  // truncated JSON: cut in the middle of the annotations
  const cut = valText.slice(0, valText.indexOf('"bbox"', valText.indexOf('"annotations"')) + 12);
  write(path.join(root, 'annotations', 'instances_test.json'), cut);
  note(`| coco-defects | label/parse | annotations/instances_test.json | ${cut.replace(/\s+$/, '').split('\n').length} | truncated JSON (the file ends mid-annotation) |`);
  write(path.join(root, 'annotations', 'captions_train.json'), JSON.stringify({ images: [], annotations: [] }) + '\n');
  note(`| coco-defects | (reader note) | annotations/captions_train.json | | captions file: recognised and skipped |`);
}

// ---------- voc-defects ----------

function vocXml(file: string, w: number, h: number, objects: { name?: string; box?: (number | string)[]; difficult?: number; truncated?: number }[], folder = 'JPEGImages'): string {
  const objs = objects
    .map(
      (o) =>
        `\t<object>\n${o.name !== undefined ? `\t\t<name>${o.name}</name>\n` : ''}\t\t<pose>Unspecified</pose>\n\t\t<truncated>${o.truncated ?? 0}</truncated>\n\t\t<difficult>${o.difficult ?? 0}</difficult>\n` +
        (o.box ? `\t\t<bndbox>\n\t\t\t<xmin>${o.box[0]}</xmin>\n\t\t\t<ymin>${o.box[1]}</ymin>\n\t\t\t<xmax>${o.box[2]}</xmax>\n\t\t\t<ymax>${o.box[3]}</ymax>\n\t\t</bndbox>\n` : '') +
        `\t</object>\n`,
    )
    .join('');
  return `<annotation>\n\t<folder>${folder}</folder>\n\t<filename>${file}</filename>\n\t<size>\n\t\t<width>${w}</width>\n\t\t<height>${h}</height>\n\t\t<depth>3</depth>\n\t</size>\n\t<segmented>0</segmented>\n${objs}</annotation>\n`;
}

async function vocDefects(): Promise<void> {
  const root = path.join(FIX, 'voc-defects');
  const W = 160;
  const H = 120;
  let seed = 1300;
  const train: string[] = [];
  const val: string[] = [];
  const x = (id: string, text: string) => write(path.join(root, 'Annotations', `${id}.xml`), text);
  const jpg = (id: string, objs: Obj[] = []) => writeImage(path.join(root, 'JPEGImages', `${id}.jpg`), W, H, seed++, objs);
  for (let i = 1; i <= 8; i++) {
    const id = `img_${String(i).padStart(3, '0')}`;
    const objs = randomObjects(W, H, seed, SHAPES, 2);
    await jpg(id, objs);
    x(id, vocXml(`${id}.jpg`, W, H, objs.map((o) => ({ name: o.shape, box: [o.x1 + 1, o.y1 + 1, o.x2, o.y2], ...(i === 2 ? { difficult: 1 } : {}), ...(i === 3 ? { truncated: 1 } : {}) }))));
    (i <= 6 ? train : val).push(id);
  }
  const a = 'Annotations';
  const plant = async (id: string, text: string, rows: [string, number | '', string][], image = true) => {
    if (image) await jpg(id);
    x(id, text);
    train.push(id);
    for (const [check, line, what] of rows) note(`| voc-defects | ${check} | ${a}/${id}.xml | ${line} | ${what} |`);
  };
  const broken = vocXml('broken.jpg', W, H, [{ name: 'circle', box: [10, 10, 50, 50] }]).replace('\t\t</bndbox>\n', '\t\t<bndbox>\n');
  await plant('broken', broken, [['label/parse', lineOf(broken, '</object>'), 'broken XML: <bndbox> opened twice, never closed (the validator reports the line where it notices)']]);
  const noName = vocXml('no_name.jpg', W, H, [{ name: 'square', box: [10, 10, 60, 60] }, { box: [70, 20, 120, 70] }]);
  await plant('no_name', noName, [['label/parse', lineOf(noName, '<object>', noName.indexOf('</object>')), 'second object has no <name>']]);
  const badBox = vocXml('bad_box.jpg', W, H, [{ name: 'triangle', box: ['abc', 10, 60, 60] }]);
  await plant('bad_box', badBox, [['label/parse', lineOf(badBox, '<object>'), '<xmin>abc</xmin>']]);
  const mismatch = vocXml('size_mismatch.jpg', 200, 150, [{ name: 'circle', box: [20, 20, 80, 80] }]);
  await plant('size_mismatch', mismatch, [['image size mismatch (lead check)', lineOf(mismatch, '<size>'), 'XML says 200×150, file is 160×120']]);
  const boxes = vocXml('boxes.jpg', W, H, [
    { name: 'circle', box: [10, 10, 10, 40] },
    { name: 'square', box: [130, 40, 175, 70] },
    { name: 'triangle', box: [60, 5, 62, 7] },
    { name: 'circle', box: [5, 100, 145, 105] },
    { name: 'square', box: [30, 40, 70, 80] },
    { name: 'square', box: [31, 40, 71, 80] },
    { name: 'circle', box: [90, 50, 130, 90] },
    { name: 'triangle', box: [90, 50, 130, 90] },
  ]);
  const objLine = (k: number) => {
    let at = 0;
    for (let i = 0; i < k; i++) at = boxes.indexOf('<object>', at) + 1;
    return lineOf(boxes, '<object>', at - 1);
  };
  await plant('boxes', boxes, [
    ['box/zero-size (lead check)', objLine(1), 'xmin = xmax = 10'],
    ['box/outside (lead check)', objLine(2), 'xmax 175 > width 160'],
    ['box/tiny (lead check)', objLine(3), '2×2 px'],
    ['box/aspect-ratio (lead check)', objLine(4), '140×5 px'],
    ['box/duplicate (lead check)', objLine(6), 'same class as object 5, IoU ≈ 0.95'],
    ['box/conflict (lead check)', objLine(8), 'different class over object 7, IoU = 1'],
  ]);
  await plant('background', vocXml('background.jpg', W, H, []), [['background (label state)', '', 'XML with no <object>']]);
  await jpg('unlabeled');
  train.push('unlabeled');
  note(`| voc-defects | unlabeled (label state) | JPEGImages/unlabeled.jpg | | no XML |`);
  await plant('orphan', vocXml('orphan.jpg', W, H, [{ name: 'circle', box: [10, 10, 50, 50] }]), [['orphan (Dataset.orphans)', '', 'XML whose image is missing']], false);
  val.push('ghost');
  const valText = val.join('\n') + '\n';
  write(path.join(root, 'ImageSets', 'Main', 'train.txt'), train.join('\n') + '\n');
  write(path.join(root, 'ImageSets', 'Main', 'val.txt'), valText);
  write(path.join(root, 'ImageSets', 'Main', 'trainval.txt'), [...train, ...val].join('\n') + '\n');
  write(path.join(root, 'ImageSets', 'Main', 'circle_train.txt'), train.map((t) => `${t} 1`).join('\n') + '\n');
  note(`| voc-defects | image/missing | ImageSets/Main/val.txt | ${lineOf(valText, 'ghost')} | lists "ghost": no XML, no image |`);
}

// ---------- voc-csv ----------

async function vocCsv(): Promise<void> {
  const root = path.join(FIX, 'voc-csv');
  let seed = 1700;
  const rows: string[][] = [];
  for (let i = 1; i <= 10; i++, seed++) {
    const [w, h] = SIZES[i % SIZES.length]!;
    const name = `raccoonish-${i}.jpg`;
    const objs = randomObjects(w, h, seed, ['circle'], i === 4 ? 2 : 1);
    await writeImage(path.join(root, 'images', name), w, h, seed, objs);
    write(path.join(root, 'annotations', `raccoonish-${i}.xml`), vocXml(name, w, h, objs.map((o) => ({ name: 'raccoon', box: [o.x1 + 1, o.y1 + 1, o.x2, o.y2] })), 'images'));
    for (const o of objs) rows.push([name, String(w), String(h), 'raccoon', String(o.x1 + 1), String(o.y1 + 1), String(o.x2), String(o.y2)]);
  }
  const header = 'filename,width,height,class,xmin,ymin,xmax,ymax';
  const csv = (list: string[][]) => [header, ...list.map((r) => r.join(','))].join('\n') + '\n';
  const inTrain = (r: string[]) => Number(/(\d+)/.exec(r[0]!)![1]) <= 7;
  const inTest = (r: string[]) => Number(/(\d+)/.exec(r[0]!)![1]) >= 8 && Number(/(\d+)/.exec(r[0]!)![1]) <= 9;
  write(path.join(root, 'data', 'raccoonish_labels.csv'), csv(rows));
  write(path.join(root, 'data', 'train_labels.csv'), csv(rows.filter(inTrain)));
  write(path.join(root, 'data', 'test_labels.csv'), csv(rows.filter(inTest)));
  note(`| voc-csv | (split) | data/raccoonish_labels.csv | | lists every image: not used as a split |`);
  note(`| voc-csv | (split '') | images/raccoonish-10.jpg | | in no split CSV: split '' |`);
}

async function main(): Promise<void> {
  for (const d of ['yolo-demo', 'yolo-defects', 'coco-defects', 'voc-defects', 'voc-csv']) rmSync(path.join(FIX, d), { recursive: true, force: true });
  await yoloDemo();
  await yoloDefects();
  await cocoDefects();
  await vocDefects();
  await vocCsv();
  const md = [
    '# Planted defects in the generated fixtures',
    '',
    'Generated by `npx tsx scripts/make-fixtures.ts` (deterministic). Paths are relative to each fixture folder;',
    'lines are 1-based. "lead check" rows are found by the label checks, the others by the readers.',
    '`fixtures/yolo-demo` is clean: no check may report an `error` on it.',
    '',
    'Not committed: a symlink that leaves the dataset folder (`path/unsafe-link`); tests create it in a temp copy.',
    '',
    '| fixture | check | file | line | what |',
    '|---|---|---|---:|---|',
    ...defects,
    '',
  ].join('\n');
  write(path.join(FIX, 'DEFECTS.md'), md);
  console.log(`fixtures written to ${FIX} (${defects.length} planted defects listed in DEFECTS.md)`);
}

await main();
