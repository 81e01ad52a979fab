/**
 * COCO reader: every instances JSON is one split (instances_train2017.json → train2017).
 * captions_* / person_keypoints_* / panoptic files are recognised and skipped. Category ids
 * are kept as they are (ClassDef.id = category id). Boxes [x, y, w, h] in pixels are
 * normalised by the JSON's image size; the real header size is read next to it.
 */
import { finding } from '../findings.js';
import type { Dataset, ImageEntry } from '../model.js';
import { readAnnotations } from './coco-annotations.js';
import { imageCandidates } from './coco-paths.js';
import { applyHeaderSizes, emptyDataset, KeyDeduper, type ReaderContext } from './common.js';
import {
  cocoCategorySchema,
  cocoFileSchema,
  cocoImageSchema,
  cocoSplitName,
  idLines,
  jsonErrorPosition,
  type CocoImage,
} from './coco-schema.js';
import { isCocoName } from './detect.js';
import { baseOf, compareSplits, dirOf, extOf, filesUnder, isImagePath } from './paths.js';

export { imageCandidates };

const OTHER_TASKS = /^(captions|person_keypoints|stuff|panoptic|image_info|densepose)_/i;

export async function readCoco(ctx: ReaderContext, entry?: string): Promise<Dataset> {
  const { source, files, fileSet } = ctx;
  const ds = emptyDataset(source, 'coco');
  const keys = new KeyDeduper();
  const classNames = new Map<number, string>();
  /** the file that named each category first */
  const classFile = new Map<number, string>();
  const splitSet = new Set<string>();
  const referenced = new Set<string>();
  /** folder → split, for images on disk that no JSON lists */
  const imageDirs = new Map<string, string>();
  const skipped: string[] = [];

  const candidates = entry ? [entry] : files.filter((f) => extOf(f) === 'json');
  for (const rel of candidates) {
    if (!entry && OTHER_TASKS.test(baseOf(rel))) {
      skipped.push(rel);
      continue;
    }
    const named = rel === entry || isCocoName(rel);
    let text: string;
    try {
      text = await source.readText(rel);
    } catch (e) {
      ds.findings.push(finding({ check: 'label/parse', severity: 'error', message: `${rel} could not be read: ${(e as Error).message}.`, path: rel, key: 'read' }));
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      if (!named) continue;
      const msg = (e as Error).message;
      const pos = jsonErrorPosition(msg, text);
      ds.findings.push(
        finding({
          check: 'label/parse',
          severity: 'error',
          message: `${rel} is not valid JSON${pos.line ? ` (line ${pos.line}${pos.column ? `, column ${pos.column}` : ''})` : ''}: ${msg}. None of its annotations were read.`,
          path: rel,
          ...(pos.line ? { line: pos.line } : {}),
          key: 'json',
        }),
      );
      continue;
    }
    const top = cocoFileSchema.safeParse(json);
    if (!top.success) {
      if (named) ds.notes.push(`${rel} was skipped: it is not a COCO instances file (it needs images, annotations and categories).`);
      continue;
    }
    if (!ds.source) ds.source = rel;
    await readOne(rel, text, top.data);
  }
  if (skipped.length) ds.notes.push(`Skipped ${skipped.length} COCO file${skipped.length === 1 ? '' : 's'} for other tasks (captions, keypoints …): ${skipped.join(', ')}.`);

  async function readOne(rel: string, text: string, data: { images: unknown[]; annotations: unknown[]; categories: unknown[] }) {
    const split = cocoSplitName(rel);
    splitSet.add(split);
    const jsonDir = dirOf(rel);
    let imgLines: Map<string, number> | undefined;
    let annLines: Map<string, number> | undefined;
    const imgLine = (id: unknown) => (imgLines ??= idLines(text, 'images')).get(String(id));
    const annLine = (id: unknown) => (annLines ??= idLines(text, 'annotations')).get(String(id));
    const at = (line: number | undefined) => (line === undefined ? {} : { line });
    const bad = (what: string, key: string, line: number | undefined, sev: 'error' | 'warning' = 'error') =>
      ds.findings.push(finding({ check: 'label/parse', severity: sev, message: `${rel}: ${what}`, path: rel, ...at(line), key: keys.key(rel, key) }));

    // categories
    const cats = new Set<number>();
    data.categories.forEach((c, i) => {
      const p = cocoCategorySchema.safeParse(c);
      if (!p.success) return bad(`category #${i + 1} has no integer id or no name and was ignored.`, `category:${i}`, undefined);
      const name = String(p.data.name);
      cats.add(p.data.id);
      const known = classNames.get(p.data.id);
      if (known === undefined) {
        classNames.set(p.data.id, name);
        classFile.set(p.data.id, rel);
      } else if (known !== name)
        ds.findings.push(
          finding({
            check: 'coco/category-mismatch',
            severity: 'warning',
            message:
              classFile.get(p.data.id) === rel
                ? `${rel} defines category ${p.data.id} twice, as "${known}" and as "${name}"; "${known}" is used.`
                : `${rel} calls category ${p.data.id} "${name}", but ${classFile.get(p.data.id)} calls it "${known}".`,
            path: rel,
            key: `category:${p.data.id}`,
          }),
        );
    });

    // images
    const byId = new Map<string, ImageEntry>();
    const idOfPath = new Map<string, string>();
    const mine: ImageEntry[] = [];
    let pattern = -1;
    data.images.forEach((raw, i) => {
      const p = cocoImageSchema.safeParse(raw);
      if (!p.success) {
        const idv = (raw as { id?: unknown } | null)?.id;
        return bad(`image #${i + 1}${idv !== undefined ? ` (id ${String(idv)})` : ''} has no id or file_name and was ignored.`, `image:${idv ?? i}`, imgLine(idv));
      }
      const im: CocoImage = p.data;
      const idKey = String(im.id);
      if (byId.has(idKey)) return bad(`image id ${idKey} is listed twice; the second entry was ignored.`, `image:${idKey}`, imgLine(idKey), 'warning');
      const cands = imageCandidates(im.file_name, split, jsonDir);
      let found = cands.findIndex((c) => fileSet.has(c));
      if (found >= 0) pattern = found;
      const path = found >= 0 ? cands[found]! : cands[pattern >= 0 ? pattern : 0]!;
      const first = idOfPath.get(path);
      if (first !== undefined)
        bad(`image ${im.file_name} is listed twice (image ids ${first} and ${idKey}): its annotations are split between two entries, and it counts twice.`, `image-file:${path}`, imgLine(idKey), 'warning');
      else idOfPath.set(path, idKey);
      const img: ImageEntry = { id: ds.images.length, path, split, labelPath: rel, labelState: 'background', exists: found >= 0 };
      if (im.width && im.width > 0 && im.height && im.height > 0) {
        img.declaredWidth = im.width;
        img.declaredHeight = im.height;
        img.width = im.width;
        img.height = im.height;
        img.sizeSource = 'annotation';
      }
      ds.images.push(img);
      mine.push(img);
      byId.set(idKey, img);
      referenced.add(path);
      if (found >= 0) imageDirs.set(dirOf(path), split);
      else
        ds.findings.push(
          finding({
            check: 'image/missing',
            severity: 'error',
            message: `${rel} lists image ${im.file_name} (id ${idKey}), but it is not in the dataset folder (looked for ${cands.join(', ')}).`,
            path: rel,
            ...at(imgLine(idKey)),
            key: keys.key(rel, `image:${idKey}`),
            related: [path],
          }),
        );
    });
    if (mine.length && ctx.imageSizes) await applyHeaderSizes(ctx, mine);
    readAnnotations({ ds, rel, keys, annLine, bad }, data.annotations, byId, cats);
  }

  return finish();

  async function finish(): Promise<Dataset> {
    // images on disk in an image folder of a split that no JSON lists: unlabeled
    const extra: ImageEntry[] = [];
    for (const [dir, split] of [...imageDirs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      for (const f of filesUnder(files, dir)) {
        if (dirOf(f) !== dir || !isImagePath(f) || referenced.has(f)) continue;
        referenced.add(f);
        const img: ImageEntry = { id: ds.images.length, path: f, split, labelState: 'unlabeled', exists: true };
        ds.images.push(img);
        extra.push(img);
      }
    }
    if (extra.length && ctx.imageSizes) await applyHeaderSizes(ctx, extra);
    ds.classes = [...classNames].sort((a, b) => a[0] - b[0]).map(([id, name]) => ({ id, name }));
    ds.splits = [...splitSet].sort(compareSplits);
    return ds;
  }
}
