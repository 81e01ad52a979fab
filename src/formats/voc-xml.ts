/**
 * One Pascal VOC XML → its <annotation> (filename, size) and objects with their lines, or why it
 * cannot be read (invalid XML with its line, no <annotation>). Objects without a name or a complete
 * numeric <bndbox> are issues, not objects. Pure: text in, data out.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { lineAt, lineStarts } from './paths.js';

const num = z.union([z.string(), z.number()]);

export const vocObjectSchema = z
  .object({
    name: z.union([z.string().min(1), z.number()]),
    bndbox: z.object({ xmin: num, ymin: num, xmax: num, ymax: num }).passthrough(),
    difficult: num.optional(),
    truncated: num.optional(),
  })
  .passthrough();

export const vocAnnotationSchema = z
  .object({
    annotation: z
      .object({
        filename: num.optional(),
        size: z.object({ width: num.optional(), height: num.optional() }).passthrough().optional(),
        object: z.array(z.unknown()).optional(),
      })
      .passthrough(),
  })
  .passthrough();

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  captureMetaData: true,
  isArray: (name) => name === 'object',
});
const META = XMLParser.getMetaDataSymbol() as unknown as string;

export interface ParsedObject {
  name: string;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
  difficult: boolean;
  truncated: boolean;
  line?: number;
}

type VocDoc = z.infer<typeof vocAnnotationSchema>['annotation'];

export function parseVocXml(
  text: string,
): { doc: VocDoc; objects: ParsedObject[]; issues: { message: string; line?: number; key: string }[] } | { error: { message: string; line?: number } } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { error: { message: valid.err.msg.replace(/\.$/, ''), line: valid.err.line } };
  let raw: unknown;
  try {
    raw = parser.parse(text);
  } catch (e) {
    return { error: { message: (e as Error).message } };
  }
  const top = vocAnnotationSchema.safeParse(raw);
  if (!top.success) return { error: { message: 'has no <annotation> element with the expected content' } };
  const doc = top.data.annotation;
  const starts = lineStarts(text);
  const objects: ParsedObject[] = [];
  const issues: { message: string; line?: number; key: string }[] = [];
  (doc.object ?? []).forEach((o, k) => {
    const meta = o && typeof o === 'object' ? (o as Record<string, { startIndex?: number } | undefined>)[META] : undefined;
    const line = meta?.startIndex !== undefined ? lineAt(starts, meta.startIndex) : undefined;
    const p = vocObjectSchema.safeParse(o);
    const key = `object:${k + 1}`;
    if (!p.success) {
      const missing = !o || typeof o !== 'object' || !(o as { name?: unknown }).name ? 'has no <name>' : 'has no complete <bndbox> (xmin, ymin, xmax, ymax)';
      issues.push({ message: `object ${k + 1}${line ? ` (line ${line})` : ''} ${missing}; it was skipped.`, ...(line ? { line } : {}), key });
      return;
    }
    const bb = p.data.bndbox;
    const v = [bb.xmin, bb.ymin, bb.xmax, bb.ymax].map((x) => (typeof x === 'number' ? x : x.trim() === '' ? NaN : Number(x)));
    if (!v.every(Number.isFinite)) {
      issues.push({ message: `object ${k + 1}${line ? ` (line ${line})` : ''} has a <bndbox> value that is not a number; it was skipped.`, ...(line ? { line } : {}), key });
      return;
    }
    objects.push({
      name: String(p.data.name).trim(),
      xmin: v[0]!,
      ymin: v[1]!,
      xmax: v[2]!,
      ymax: v[3]!,
      difficult: Number(p.data.difficult) === 1,
      truncated: Number(p.data.truncated) === 1,
      ...(line ? { line } : {}),
    });
  });
  return { doc, objects, issues };
}
