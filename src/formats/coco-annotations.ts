/**
 * The annotations of one COCO instances file → boxes (normalised by the image's size) and the
 * findings of what could not be read. An annotation id used twice is reported: pycocotools indexes
 * annotations by id (torchvision then loads the last of them in place of each), and Detectron2 and
 * MMDetection assert that ids are unique.
 */
import { finding } from '../findings.js';
import type { Dataset, ImageEntry } from '../model.js';
import { cocoAnnotationSchema } from './coco-schema.js';
import type { KeyDeduper } from './common.js';

export interface AnnotationContext {
  ds: Dataset;
  /** the instances file, dataset-relative */
  rel: string;
  keys: KeyDeduper;
  annLine: (id: unknown) => number | undefined;
  bad: (what: string, key: string, line: number | undefined, sev?: 'error' | 'warning') => void;
}

export function readAnnotations(c: AnnotationContext, annotations: unknown[], images: Map<string, ImageEntry>, categories: Set<number>): void {
  const { ds, rel, keys, annLine, bad } = c;
  const at = (line: number | undefined) => (line === undefined ? {} : { line });
  const seenIds = new Map<string, number>();
  annotations.forEach((raw, i) => {
    const idv = (raw as { id?: unknown } | null)?.id;
    const label = idv !== undefined ? `annotation ${String(idv)}` : `annotation #${i + 1}`;
    const key = `annotation:${idv ?? `#${i + 1}`}`;
    if (idv !== undefined) {
      const n = (seenIds.get(String(idv)) ?? 0) + 1;
      seenIds.set(String(idv), n);
      if (n === 2)
        bad(
          `annotation id ${String(idv)} is used more than once: torchvision's CocoDetection (pycocotools indexes annotations by id) returns the last of them in place of each, and Detectron2 and MMDetection refuse the file. Give each annotation its own id.`,
          `duplicate-${key}`,
          annLine(idv),
        );
    }
    const p = cocoAnnotationSchema.safeParse(raw);
    if (!p.success) {
      const issue = p.error.issues[0]!;
      return bad(`${label} is malformed (${issue.path.join('.') || 'value'}: ${issue.message}) and was skipped.`, key, annLine(idv));
    }
    const a = p.data;
    const img = images.get(String(a.image_id));
    const catOk = categories.has(a.category_id);
    if (!img || !catOk) {
      const what = !img ? `image id ${String(a.image_id)}, which the file does not list` : `category id ${a.category_id}, which the file does not define`;
      ds.findings.push(
        finding({
          check: 'coco/bad-reference',
          severity: 'error',
          message: `${rel}: ${label} refers to ${what}. It was skipped.`,
          path: rel,
          ...at(annLine(idv)),
          key: keys.key(rel, key),
          data: { imageId: a.image_id, categoryId: a.category_id },
        }),
      );
      return;
    }
    const [x, y, w, h] = a.bbox;
    const W = img.declaredWidth ?? img.width;
    const H = img.declaredHeight ?? img.height;
    if (![x, y, w, h].every(Number.isFinite)) return bad(`${label} has a bbox with a value that is not a number and was skipped.`, key, annLine(idv));
    if (!W || !H) return bad(`${label} cannot be placed: its image has no width/height in the JSON and the file could not be read.`, key, annLine(idv), 'warning');
    const line = annLine(idv);
    ds.boxes.push({
      image: img.id,
      classId: a.category_id,
      x1: x / W,
      y1: y / H,
      x2: (x + w) / W,
      y2: (y + h) / H,
      file: rel,
      ...(line !== undefined ? { line } : {}),
      ...(a.iscrowd ? { crowd: true } : {}),
    });
    img.labelState = 'labeled';
  });
}
