/** zod schemas for COCO instances JSON (loose: extra fields pass through). */
import { z } from 'zod';

/**
 * A schema built on its first use: zod builds every schema when its module loads (~0.1 ms a call),
 * and a run that reads no COCO file parses none.
 */
function lazy<S extends z.ZodType>(build: () => S): { safeParse(v: unknown): z.ZodSafeParseResult<z.output<S>> } {
  let s: S | undefined;
  return { safeParse: (v) => (s ??= build()).safeParse(v) };
}

const id = () => z.union([z.number(), z.string()]);

const imageSchema = () => z.object({ id: id(), file_name: z.string().min(1), width: z.number().optional(), height: z.number().optional() }).passthrough();
export const cocoImageSchema = lazy(imageSchema);

export const cocoCategorySchema = lazy(() => z.object({ id: z.number().int(), name: z.union([z.string(), z.number()]) }).passthrough());

const annotationSchema = () =>
  z
    .object({
      id: id().optional(),
      image_id: id(),
      category_id: z.number().int(),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      iscrowd: z.union([z.number(), z.boolean()]).optional(),
    })
    .passthrough();
export const cocoAnnotationSchema = lazy(annotationSchema);

export const cocoFileSchema = lazy(() =>
  z.object({ images: z.array(z.unknown()), annotations: z.array(z.unknown()).default([]), categories: z.array(z.unknown()) }).passthrough(),
);

export type CocoImage = z.infer<ReturnType<typeof imageSchema>>;
export type CocoAnnotation = z.infer<ReturnType<typeof annotationSchema>>;

/** instances_train2017.json → train2017; train/_annotations.coco.json → train; val.json → val */
export function cocoSplitName(rel: string): string {
  const parts = rel.split('/');
  const base = parts[parts.length - 1]!.replace(/\.json$/i, '');
  if (/^_?annotations(\.coco)?$/i.test(base) || /\.coco$/i.test(base) && base.startsWith('_')) {
    const dir = parts[parts.length - 2];
    return dir && !/^annotations$/i.test(dir) ? dir : '';
  }
  return base.replace(/^instances_/i, '').replace(/\.coco$/i, '');
}

/** Where JSON.parse stopped, as a 1-based line/column, when the message says. */
export function jsonErrorPosition(message: string, text: string): { line?: number; column?: number } {
  const lc = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /at position (\d+)/.exec(message);
  if (pos) {
    const off = Number(pos[1]);
    let line = 1;
    let last = -1;
    for (let i = text.indexOf('\n'); i >= 0 && i < off; i = text.indexOf('\n', i + 1)) {
      line++;
      last = i;
    }
    return { line, column: off - last };
  }
  if (/end of JSON input/i.test(message)) {
    const trimmed = text.replace(/\s+$/, '');
    return { line: trimmed.split('\n').length };
  }
  return {};
}

/**
 * Lines of the `"id": N` entries inside one top-level array ("images" or "annotations") of a
 * pretty-printed file: one regex pass over that region. Empty when the file is one long line.
 */
export function idLines(text: string, key: 'images' | 'annotations'): Map<string, number> {
  const out = new Map<string, number>();
  const start = text.indexOf(`"${key}"`);
  if (start < 0) return out;
  let newlines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && newlines < 3; i = text.indexOf('\n', i + 1)) newlines++;
  if (newlines < 3) return out;
  const ends = ['"images"', '"annotations"', '"categories"', '"licenses"', '"info"']
    .map((k) => text.indexOf(k, start + key.length + 2))
    .filter((i) => i > start);
  const end = ends.length ? Math.min(...ends) : text.length;
  const re = /"id"\s*:\s*("?)([^",\s}]+)\1/g;
  re.lastIndex = start;
  let line = 1;
  let pos = 0;
  for (let m = re.exec(text); m && m.index < end; m = re.exec(text)) {
    for (let i = text.indexOf('\n', pos); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) {
      line++;
      pos = i + 1;
    }
    if (!out.has(m[2]!)) out.set(m[2]!, line);
  }
  return out;
}
