/**
 * YOLO / Ultralytics / Roboflow reader. Splits come from a data.yaml (folders, list files or
 * lists of either) or, without one, from the layout: images/<split>/ + labels/<split>/, the
 * Roboflow <split>/images + <split>/labels, or images next to their .txt files.
 * An image's label is the Ultralytics mapping: the last /images/ segment → /labels/, ext → .txt.
 * Empty label file = background, missing = unlabeled, label with no image = orphan.
 */
import { finding } from '../findings.js';
import type { ClassDef, Dataset, ImageEntry } from '../model.js';
import { emptyDataset, KeyDeduper, applyHeaderSizes, type ReaderContext } from './common.js';
import { baseOf, compareSplits, dirOf, extOf, filesUnder, isImagePath, joinRel, normRel, stripExt } from './paths.js';
import { layoutSplits } from './yolo-layout.js';
import { parseYoloYaml, resolveRef, type YoloSplitSpec } from './yolo-yaml.js';
import { readYoloLabels } from './yolo-labels.js';

/** Ultralytics img2label_paths on a dataset-relative path. */
export function labelPathFor(img: string): string {
  const s = '/' + img;
  const i = s.lastIndexOf('/images/');
  const mapped = i < 0 ? s : s.slice(0, i) + '/labels/' + s.slice(i + 8);
  return stripExt(mapped.slice(1)) + '.txt';
}

const NAME_FILES = /^(classes\.txt|obj\.names|[^/]+\.names)$/i;

export interface YoloEntry {
  /** dataset-relative yaml path (for messages and reading) */
  path: string;
  /** yaml text when it lives outside the source root (openDataset read it) */
  text?: string;
  /** folder the yaml's `path` means, relative to the root (set with text) */
  base?: string;
}

interface Target {
  split: string;
  kind: 'dir' | 'list' | 'image';
  rel: string;
  recursive: boolean;
}

export async function readYolo(ctx: ReaderContext, entry?: YoloEntry): Promise<Dataset> {
  const { source, files, fileSet, dirs } = ctx;
  const ds = emptyDataset(source, 'yolo');
  const has = (rel: string) => fileSet.has(rel) || dirs.has(rel);
  const keys = new KeyDeduper();

  // 1. classes and split targets
  let declared: ClassDef[] | undefined;
  let specs: YoloSplitSpec[];
  let flat = new Set<string>();
  if (entry) {
    const text = entry.text ?? (await source.readText(entry.path));
    const cfg = parseYoloYaml(text, entry.path, has, source.root, entry.base);
    ds.source = entry.path;
    declared = cfg.classes;
    specs = cfg.splits;
    ds.notes.push(...cfg.notes);
    ds.findings.push(...cfg.findings);
  } else {
    ({ specs, flat } = layoutSplits(files, dirs));
    const namesFile = files.filter((f) => NAME_FILES.test(baseOf(f)) && f.split('/').length <= 3).sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1))[0];
    if (namesFile) {
      const names = (await source.readText(namesFile)).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      declared = names.map((name, id) => ({ id, name }));
      ds.source = namesFile;
      ds.notes.push(`Class names read from ${namesFile}.`);
    } else ds.notes.push('No data.yaml or classes.txt found: classes are shown by their numeric id.');
  }

  const targets: Target[] = [];
  for (const s of specs) {
    for (const rel of s.targets) {
      if (fileSet.has(rel)) targets.push({ split: s.name, kind: isImagePath(rel) ? 'image' : 'list', rel, recursive: false });
      else targets.push({ split: s.name, kind: 'dir', rel, recursive: !flat.has(rel) });
    }
  }

  // 2. images per split
  const seen = new Map<string, Set<string>>();
  const labelDirs: { split: string; dir: string; recursive: boolean }[] = [];
  let listFallbacks = 0;
  const addImage = (split: string, rel: string, exists: boolean): ImageEntry | undefined => {
    let inSplit = seen.get(split);
    if (!inSplit) seen.set(split, (inSplit = new Set()));
    if (inSplit.has(rel)) return undefined;
    inSplit.add(rel);
    const img: ImageEntry = { id: ds.images.length, path: rel, split, labelState: 'unlabeled', exists };
    ds.images.push(img);
    return img;
  };
  for (const t of targets) {
    if (t.kind === 'image') addImage(t.split, t.rel, true);
    else if (t.kind === 'dir') {
      for (const f of filesUnder(files, t.rel)) {
        if (!isImagePath(f) || (!t.recursive && dirOf(f) !== t.rel)) continue;
        addImage(t.split, f, true);
      }
      const ld = dirOf(labelPathFor(joinRel(t.rel, 'x.jpg')));
      if (ld !== t.rel) labelDirs.push({ split: t.split, dir: ld, recursive: t.recursive });
    } else {
      const listDir = dirOf(t.rel);
      const text = await source.readText(t.rel);
      const dirsOfList = new Set<string>();
      text.split('\n').forEach((raw, i) => {
        const line = raw.trim();
        if (!line) return;
        const found = resolveRef(line, listDir, listDir, (r) => fileSet.has(r), source.root);
        if (found.rel !== undefined) {
          if (found.fellBack) listFallbacks++;
          if (addImage(t.split, found.rel, true)) {
            const ld = dirOf(labelPathFor(found.rel));
            if (ld !== dirOf(found.rel)) dirsOfList.add(ld);
          }
          return;
        }
        const rel = normRel(joinRel(listDir, line.replace(/^\.\//, ''))) ?? line;
        addImage(t.split, rel, false);
        ds.findings.push(
          finding({
            check: 'image/missing',
            severity: 'error',
            message: `${t.rel} line ${i + 1} lists ${line}, which is not in the dataset folder.`,
            path: t.rel,
            line: i + 1,
            key: keys.key(t.rel, line),
          }),
        );
      });
      for (const d of dirsOfList) labelDirs.push({ split: t.split, dir: d, recursive: false });
    }
  }
  if (listFallbacks) ds.notes.push(`${listFallbacks} image paths in list files did not exist as written and were found under the list file's folder.`);

  // 3. label files, read in order
  const classIds = declared ? new Set(declared.map((c) => c.id)) : undefined;
  const validClass = classIds ? (id: number) => classIds.has(id) : (id: number) => id >= 0;
  const describe = () => describeClasses(declared, ds.source);
  const claimed = new Set<string>();
  const withLabel: ImageEntry[] = [];
  for (const img of ds.images) {
    const lp = labelPathFor(img.path);
    if (fileSet.has(lp)) {
      img.labelPath = lp;
      claimed.add(lp);
      withLabel.push(img);
    }
  }
  // what decides a label file's boxes and findings besides its text: the prior read must match it
  ds.labelContext = JSON.stringify({ declared: declared ?? null, source: ds.source ?? null });
  const polygons = await readYoloLabels(ctx, ds, withLabel, validClass, describe, keys);
  if (polygons) ds.notes.push(`${polygons} polygon or oriented-box lines were read as their bounding boxes.`);

  // 4. orphans: label files in the splits' label folders that no image claims
  const orphanSeen = new Set<string>();
  for (const ld of labelDirs) {
    for (const f of filesUnder(files, ld.dir)) {
      if (extOf(f) !== 'txt' || claimed.has(f) || orphanSeen.has(f) || NAME_FILES.test(baseOf(f))) continue;
      if (!ld.recursive && dirOf(f) !== ld.dir) continue;
      orphanSeen.add(f);
      ds.orphans.push({ path: f, split: ld.split });
    }
  }

  // 5. classes, splits, sizes
  if (declared) ds.classes = declared;
  else {
    const ids = [...new Set(ds.boxes.map((b) => b.classId))].sort((a, b) => a - b);
    ds.classes = ids.map((id) => ({ id, name: String(id) }));
  }
  const splitNames = specs.map((s) => s.name);
  for (const img of ds.images) if (!splitNames.includes(img.split)) splitNames.push(img.split);
  ds.splits = entry ? splitNames : splitNames.sort(compareSplits);
  if (ctx.imageSizes) {
    await applyHeaderSizes(ctx, ds.images);
  }
  return ds;
}

function describeClasses(declared: ClassDef[] | undefined, source: string | undefined): string {
  if (!declared) return 'class ids must be non-negative integers';
  if (!declared.length) return `${source ?? 'the dataset'} declares no classes`;
  const ids = declared.map((c) => c.id);
  const contiguous = ids.every((id, i) => id === i);
  return `${source ?? 'the dataset'} declares ${contiguous ? `ids 0–${ids.length - 1}` : `ids ${ids.join(', ')}`}`;
}
