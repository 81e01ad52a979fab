/**
 * The label files of a YOLO dataset, read in order, in chunks (only one chunk of texts is held:
 * a million label files stay cheap). A file the prior read (prior.ts) saw with the same blob SHA
 * and the same class declaration is not read again: its boxes, state and findings are taken.
 */
import { finding } from '../findings.js';
import type { Box, Dataset, ImageEntry } from '../model.js';
import { forEachText, type KeyDeduper, type ReaderContext } from './common.js';
import { parseYoloLabel } from './yolo-lines.js';

const LABEL_CHUNK = 512;

/** Fills ds.boxes, ds.findings and each image's labelState; returns the number of polygon lines. */
export async function readYoloLabels(
  ctx: ReaderContext,
  ds: Dataset,
  withLabel: ImageEntry[],
  validClass: (id: number) => boolean,
  describe: () => string,
  keys: KeyDeduper,
): Promise<number> {
  const { source } = ctx;
  const boxes: Box[] = ds.boxes;
  let polygons = 0;
  // a label file listed for two images (one image file in two splits) gives its boxes to both,
  // its findings once
  const reported = new Set<string>();
  const report = (file: string) => !reported.has(file) && !!reported.add(file);
  const memoOf = (img: ImageEntry) => {
    const sha = ctx.prior ? source.blobSha(img.labelPath!) : undefined;
    return sha !== undefined ? ctx.prior!.label(img.labelPath!, sha, ds.labelContext!) : undefined;
  };
  for (let start = 0; start < withLabel.length; start += LABEL_CHUNK) {
    const part = withLabel.slice(start, start + LABEL_CHUNK);
    const memo = part.map(memoOf);
    const texts: { text?: string; err?: Error }[] = [];
    await forEachText(
      ctx,
      part.filter((_, i) => !memo[i]).map((img) => img.labelPath!),
      (text, i, err) => (texts[i] = text === undefined ? { ...(err ? { err } : {}) } : { text }),
    );
    let next = 0;
    part.forEach((img, i) => {
      const file = img.labelPath!;
      const m = memo[i];
      if (m) {
        for (const b of m.boxes) {
          // the parser's object shape (property order), so the checks see one kind of box
          if (b.fromPolygon) {
            boxes.push({ image: img.id, classId: b.classId, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, file: b.file, line: b.line!, fromPolygon: true });
            polygons++;
          } else boxes.push({ image: img.id, classId: b.classId, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, file: b.file, line: b.line! });
        }
        img.labelState = m.state;
        if (report(file)) ds.findings.push(...m.findings);
        return;
      }
      const { text, err } = texts[next++]!;
      if (text === undefined) {
        if (report(file))
          ds.findings.push(finding({ check: 'label/parse', severity: 'error', message: `${file} could not be read: ${err?.message ?? 'unknown error'}.`, path: file, key: 'read' }));
        return;
      }
      const r = parseYoloLabel(text, file, img.id, validClass, describe, boxes);
      polygons += r.polygons;
      img.labelState = r.nonBlank > 0 ? 'labeled' : 'background';
      if (!report(file)) return;
      for (const is of r.issues) {
        ds.findings.push(
          finding({
            check: is.kind === 'parse' ? 'label/parse' : 'label/class-range',
            severity: 'error',
            message: `${file}: ${is.message}`,
            path: file,
            line: is.line,
            key: keys.key(file, is.text),
            ...(is.kind === 'class-range' ? { data: { line: is.text } } : {}),
          }),
        );
      }
    });
  }
  return polygons;
}
