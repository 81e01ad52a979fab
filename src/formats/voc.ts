/**
 * Pascal VOC reader: Annotations/*.xml + JPEGImages/ (+ ImageSets/Main splits), or the common
 * lower-case annotations/ + images/ with CSV splits. Class table = the sorted distinct names.
 *
 * Coordinates: boxes are read as pixel edges, x1 = xmin / W and x2 = xmax / W (no 1-based
 * shift). Files written 1-based (VOC, labelImg) and 0-based (many exporters) both stay inside
 * the image that way; the one-pixel difference is below what any check resolves.
 * An XML whose image is missing is an orphan (like a YOLO label with no image).
 */
import { finding } from '../findings.js';
import type { Box, Dataset, ImageEntry } from '../model.js';
import { emptyDataset, forEachText, KeyDeduper, applyHeaderSizes, type ReaderContext } from './common.js';
import { baseOf, compareSplits, dirOf, extOf, filesUnder, isImagePath, joinRel, stripExt } from './paths.js';
import { vocSplits } from './voc-splits.js';
import { parseVocXml, type ParsedObject } from './voc-xml.js';

interface Layout {
  annDir: string;
  base: string;
  imageDirs: string[];
}

export function vocLayout(files: string[], dirs: Set<string>): Layout | undefined {
  const counts = new Map<string, number>();
  for (const f of files) if (extOf(f) === 'xml') counts.set(dirOf(f), (counts.get(dirOf(f)) ?? 0) + 1);
  if (!counts.size) return undefined;
  const ranked = [...counts].sort(
    (a, b) =>
      Number(/^annotations$/i.test(baseOf(b[0]))) - Number(/^annotations$/i.test(baseOf(a[0]))) ||
      b[1] - a[1] ||
      a[0].split('/').length - b[0].split('/').length,
  );
  const annDir = ranked[0]![0];
  const named = /^annotations$/i.test(baseOf(annDir));
  const base = named ? dirOf(annDir) : annDir;
  const imageDirs = ['JPEGImages', 'images', 'Images', 'JPEGimages'].map((d) => joinRel(base, d)).filter((d) => dirs.has(d));
  imageDirs.push(annDir);
  return { annDir, base, imageDirs: [...new Set(imageDirs)] };
}

export async function readVoc(ctx: ReaderContext): Promise<Dataset> {
  const { source, files, dirs } = ctx;
  const ds = emptyDataset(source, 'voc');
  const layout = vocLayout(files, dirs);
  if (!layout) return ds;
  const keys = new KeyDeduper();
  const xmls = filesUnder(files, layout.annDir).filter((f) => dirOf(f) === layout.annDir && extOf(f) === 'xml');
  ds.source = layout.annDir;

  // image files by stem and by file name
  const byName = new Map<string, string>();
  const byStem = new Map<string, string>();
  for (const d of layout.imageDirs) {
    for (const f of filesUnder(files, d)) {
      if (dirOf(f) !== d || !isImagePath(f)) continue;
      if (!byName.has(baseOf(f))) byName.set(baseOf(f), f);
      if (!byStem.has(stripExt(baseOf(f)))) byStem.set(stripExt(baseOf(f)), f);
    }
  }
  const allIds = new Set([...xmls.map((x) => stripExt(baseOf(x))), ...byStem.keys()]);
  const splits = await vocSplits(ctx, layout.base, allIds);
  ds.notes.push(...splits.notes);
  const splitOf = (id: string) => splits.splitOf.get(id) ?? '';

  const nameIds = new Map<string, number>();
  const used = new Set<string>();
  const pending: { img: ImageEntry; xml: string; objects: ParsedObject[] }[] = [];

  await forEachText(ctx, xmls, (text, i, err) => {
    const xml = xmls[i]!;
    const id = stripExt(baseOf(xml));
    const parsed = text === undefined ? { error: { message: `could not be read: ${err?.message}` } } : parseVocXml(text);
    const fileName = 'doc' in parsed && parsed.doc.filename !== undefined ? String(parsed.doc.filename) : undefined;
    const imgPath = (fileName && byName.get(baseOf(fileName))) || byStem.get(id);
    if (!imgPath) {
      ds.orphans.push({ path: xml, split: splitOf(id) });
      return;
    }
    used.add(imgPath);
    const img: ImageEntry = { id: ds.images.length, path: imgPath, split: splitOf(id), labelPath: xml, labelState: 'unlabeled', exists: true };
    ds.images.push(img);
    if ('error' in parsed) {
      ds.findings.push(
        finding({
          check: 'label/parse',
          severity: 'error',
          message: `${xml} ${parsed.error.line ? `is not valid XML (line ${parsed.error.line}): ${parsed.error.message}` : parsed.error.message}. Its boxes were not read.`,
          path: xml,
          ...(parsed.error.line ? { line: parsed.error.line } : {}),
          key: 'xml',
        }),
      );
      return;
    }
    const { doc, objects, issues } = parsed;
    const w = Number(doc.size?.width);
    const h = Number(doc.size?.height);
    if (w > 0 && h > 0) {
      img.declaredWidth = img.width = w;
      img.declaredHeight = img.height = h;
      img.sizeSource = 'annotation';
    }
    for (const is of issues) {
      ds.findings.push(finding({ check: 'label/parse', severity: 'error', message: `${xml}: ${is.message}`, path: xml, ...(is.line ? { line: is.line } : {}), key: keys.key(xml, is.key) }));
    }
    img.labelState = objects.length || issues.length ? 'labeled' : 'background';
    for (const o of objects) if (!nameIds.has(o.name)) nameIds.set(o.name, nameIds.size);
    pending.push({ img, xml, objects });
  });

  // images with no XML
  for (const [stem, f] of [...byStem].sort((a, b) => (a[1] < b[1] ? -1 : 1))) {
    if (used.has(f)) continue;
    used.add(f);
    ds.images.push({ id: ds.images.length, path: f, split: splitOf(stem), labelState: 'unlabeled', exists: true });
  }
  // split-file ids that have neither an XML nor an image
  const known = new Set([...xmls.map((x) => stripExt(baseOf(x))), ...byStem.keys()]);
  for (const l of splits.listed) {
    if (known.has(l.id)) continue;
    ds.findings.push(
      finding({
        check: 'image/missing',
        severity: 'error',
        message: `${l.file} line ${l.line} lists ${l.id}, which has neither an annotation nor an image.`,
        path: l.file,
        line: l.line,
        key: keys.key(l.file, l.id),
      }),
    );
  }

  if (ctx.imageSizes) {
    await applyHeaderSizes(ctx, ds.images);
  }

  // classes: sorted distinct names
  const names = [...nameIds.keys()].sort();
  const idOf = new Map(names.map((n, i) => [n, i]));
  ds.classes = names.map((name, id) => ({ id, name }));
  for (const p of pending) {
    const W = p.img.declaredWidth ?? p.img.width;
    const H = p.img.declaredHeight ?? p.img.height;
    if (!W || !H) {
      if (p.objects.length)
        ds.findings.push(
          finding({ check: 'label/parse', severity: 'warning', message: `${p.xml} has no <size> and the image size could not be read, so its ${p.objects.length} boxes were skipped.`, path: p.xml, key: 'size' }),
        );
      continue;
    }
    for (const o of p.objects) {
      const b: Box = { image: p.img.id, classId: idOf.get(o.name)!, x1: o.xmin / W, y1: o.ymin / H, x2: o.xmax / W, y2: o.ymax / H, file: p.xml };
      if (o.line) b.line = o.line;
      if (o.difficult) b.difficult = true;
      if (o.truncated) b.truncated = true;
      ds.boxes.push(b);
    }
  }
  ds.images.sort((a, b) => compareSplits(a.split, b.split) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  remapImages(ds);
  const splitNames = new Set(splits.names);
  for (const img of ds.images) splitNames.add(img.split);
  ds.splits = [...splitNames].sort(compareSplits);
  return ds;
}

/** After sorting images, make ids match positions again and follow them in boxes. */
function remapImages(ds: Dataset): void {
  const map = new Map<number, number>();
  ds.images.forEach((img, i) => {
    map.set(img.id, i);
    img.id = i;
  });
  for (const b of ds.boxes) b.image = map.get(b.image)!;
  ds.boxes.sort((a, b) => a.image - b.image || (a.line ?? 0) - (b.line ?? 0));
}
