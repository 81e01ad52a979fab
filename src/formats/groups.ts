/**
 * Group keys (scene / camera / day / video) per image: the first capture group of a regex on the
 * image path (the whole match when the regex has no group), or a sidecar file relative to the
 * dataset root: CSV `image,group` (a header row is allowed) or JSON `{ "image": "group" }`.
 * Images the rule does not cover keep `group` undefined.
 */
import type { ImageEntry } from '../model.js';
import { UsageError } from '../options.js';
import type { DatasetSource } from './source.js';
import { baseOf, extOf, normRel } from './paths.js';
import { splitCsvLine } from './voc-splits.js';

export function groupsFromRegex(images: ImageEntry[], pattern: string): number {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (e) {
    throw new UsageError(`--group-by: not a valid regular expression: ${(e as Error).message}`);
  }
  let n = 0;
  for (const img of images) {
    const m = re.exec(img.path);
    if (!m) continue;
    const g = m.length > 1 ? m[1] : m[0];
    if (g !== undefined && g !== '') {
      img.group = g;
      n++;
    }
  }
  return n;
}

/** Parse a sidecar: JSON object or CSV rows, image path → group. */
export function parseGroupFile(name: string, text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (extOf(name) === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`group file ${name} is not valid JSON (${(e as Error).message}); it should be an object mapping image paths to group names.`);
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`group file ${name} should be a JSON object mapping image paths to group names.`);
    for (const [k, v] of Object.entries(data)) if (v !== null && v !== undefined && v !== '') out.set(clean(k), String(v));
    return out;
  }
  text.split('\n').forEach((line, i) => {
    const cells = splitCsvLine(line).map((c) => c.trim());
    if (cells.length < 2 || !cells[0] || !cells[1]) return;
    if (i === 0 && /^(image|file|filename|path|img|image_path)$/i.test(cells[0])) return; // header
    out.set(clean(cells[0]), cells[1]);
  });
  return out;
}

function clean(p: string): string {
  return normRel(p.trim()) ?? p.trim();
}

export async function groupsFromFile(images: ImageEntry[], source: DatasetSource, file: string): Promise<number> {
  const rel = normRel(file);
  if (rel === undefined || !(await source.exists(rel))) {
    throw new UsageError(`group file ${file} was not found in the dataset folder ${source.root}; give its path relative to the dataset root.`);
  }
  const map = parseGroupFile(rel, await source.readText(rel));
  // keys may be full paths or bare file names (when those are unique)
  const byBase = new Map<string, string | null>();
  for (const [k, v] of map) {
    if (k.includes('/')) continue;
    byBase.set(k, byBase.has(k) ? null : v);
  }
  let n = 0;
  for (const img of images) {
    const g = map.get(img.path) ?? byBase.get(baseOf(img.path)) ?? undefined;
    if (g) {
      img.group = g;
      n++;
    }
  }
  return n;
}
