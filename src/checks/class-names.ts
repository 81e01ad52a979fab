/**
 * One class spelled two ways (class/similar-names): class names that are equal once case, spaces,
 * '_' '-' '.' and a plural ending are set aside — "Platelet" / "Platelets", "traffic_light" /
 * "Traffic light" — or one name declared under two ids. Free-text VOC names and hand-edited YOLO or COCO class tables grow them, and a
 * model learns each spelling as a class of its own. Pure: the class rows in, findings out.
 */
import { finding, type Finding } from '../findings.js';
import type { Box, Dataset } from '../model.js';
import { plural } from './robust.js';

/** The spelling-free form of a class name: lower case, words split on spaces/_/-/., last word singular. */
export function nameKey(name: string): string {
  const words = name.toLowerCase().split(/[\s_.-]+/).filter(Boolean);
  if (!words.length) return name;
  words[words.length - 1] = singular(words[words.length - 1]!);
  return words.join(' ');
}

function singular(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(?:s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Classes (id, name, instances) whose names share a nameKey, most used first; each group ≥ 2 classes. */
export function similarNameGroups<C extends { id: number; name: string; instances: number }>(classes: readonly C[]): C[][] {
  const byKey = new Map<string, C[]>();
  for (const c of classes) {
    const k = nameKey(c.name);
    const list = byKey.get(k);
    if (list) list.push(c);
    else byKey.set(k, [c]);
  }
  return [...byKey.values()]
    .filter((g) => g.length > 1)
    .map((g) => [...g].sort((a, b) => b.instances - a.instances || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
}

/**
 * A finding per group. It points at the class table (data.yaml, the COCO json) where there is one;
 * VOC has none, so it points at the first box (by file and line) of the least used spelling.
 */
export function similarNameFindings(ds: Dataset, groups: { id: number; name: string; instances: number }[][], severity: 'error' | 'warning' | 'info'): Finding[] {
  return groups.map((g) => {
    const rare = g[g.length - 1]!;
    const at = ds.format === 'voc' ? firstBox(ds.boxes, rare.id) : undefined;
    const where = at ? { path: at.file, ...(at.line !== undefined ? { line: at.line } : {}) } : ds.source !== undefined ? { path: ds.source } : {};
    const list = g.map((c) => `'${c.name}' (id ${c.id}, ${plural(c.instances, 'instance')})`);
    const one = new Set(g.map((c) => c.name)).size === 1;
    return finding({
      check: 'class/similar-names',
      severity,
      ...where,
      key: g.map((c) => (one ? `${c.name}#${c.id}` : c.name)).sort().join(' / '),
      message: one
        ? `Class name '${g[0]!.name}' is declared ${g.length === 2 ? 'twice' : `${g.length} times`} (${list.join(' and ')}): a model learns each id as its own class, under one name.`
        : `Classes ${list.slice(0, -1).join(', ')} and ${list[list.length - 1]} differ only in case, spacing or a plural ending: probably one class spelled ${g.length === 2 ? 'two' : g.length} ways, which a model learns as different classes.`,
      data: { classes: g.map((c) => ({ id: c.id, name: c.name, instances: c.instances })) },
    });
  });
}

function firstBox(boxes: readonly Box[], classId: number): Box | undefined {
  let best: Box | undefined;
  for (const b of boxes) {
    if (b.classId !== classId) continue;
    if (!best || b.file < best.file || (b.file === best.file && (b.line ?? 0) < (best.line ?? 0))) best = b;
  }
  return best;
}
