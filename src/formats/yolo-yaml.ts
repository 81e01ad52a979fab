/**
 * data.yaml (Ultralytics / Roboflow): class names and where each split's images are.
 * Paths are resolved inside the source; a path that does not exist here (an absolute path from
 * another machine, a Roboflow `../train/images`) falls back to the longest tail of it that
 * exists under the yaml's folder, and a note says so.
 */
import { LineCounter, parseDocument, isMap, isPair, isScalar } from 'yaml';
import { z } from 'zod';
import { finding, type Finding } from '../findings.js';
import type { ClassDef } from '../model.js';
import { UsageError } from '../options.js';
import { dirOf, joinRel, normRel } from './paths.js';

const pathList = z.union([z.string(), z.array(z.string())]).nullable().optional();

export const dataYamlSchema = z
  .object({
    path: z.string().nullable().optional(),
    train: pathList,
    val: pathList,
    valid: pathList,
    test: pathList,
    nc: z.number().int().nonnegative().optional(),
    names: z.union([z.array(z.union([z.string(), z.number()])), z.record(z.string(), z.union([z.string(), z.number()]))]).optional(),
  })
  .passthrough();

export interface YoloSplitSpec {
  name: string;
  /** dataset-relative folders, list files or images that exist */
  targets: string[];
}

export interface YoloConfig {
  entry: string;
  classes: ClassDef[];
  splits: YoloSplitSpec[];
  notes: string[];
  findings: Finding[];
}

const SPLIT_KEYS = ['train', 'val', 'valid', 'test'] as const;

/**
 * @param has    true when a file or folder exists at this dataset-relative path
 * @param root   absolute dataset root (to map absolute yaml paths that point inside it)
 * @param base   override for the folder `path` means (openDataset picked the root from it)
 */
export function parseYoloYaml(text: string, entry: string, has: (rel: string) => boolean, root: string, base?: string): YoloConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const at = e.linePos?.[0];
    throw new UsageError(`${entry}${at ? `:${at.line}` : ''} is not valid YAML (${e.message.split('\n')[0]}). Fix the file or point at the dataset folder instead.`);
  }
  const raw: unknown = doc.toJS();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`${entry} is not a YAML mapping; a dataset yaml needs keys such as names, train and val.`);
  }
  const parsed = dataYamlSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new UsageError(`${entry}: "${i.path.join('.')}" ${i.message}. A dataset yaml lists names (a list or an id → name map) and train/val/test paths.`);
  }
  const y = parsed.data;
  const lineOf = (key: string): number | undefined => {
    if (!isMap(doc.contents)) return undefined;
    for (const item of doc.contents.items) {
      if (isPair(item) && isScalar(item.key) && item.key.value === key && item.key.range) return lc.linePos(item.key.range[0]).line;
    }
    return undefined;
  };
  const notes: string[] = [];
  const findings: Finding[] = [];

  // classes
  let classes: ClassDef[];
  if (Array.isArray(y.names)) classes = y.names.map((n, i) => ({ id: i, name: String(n) }));
  else if (y.names) {
    classes = [];
    for (const [k, v] of Object.entries(y.names)) {
      const id = Number(k);
      if (!Number.isInteger(id) || id < 0) throw new UsageError(`${entry}: names key "${k}" is not a class id; use a list or a map of integer ids to names.`);
      classes.push({ id, name: String(v) });
    }
    classes.sort((a, b) => a.id - b.id);
  } else if (y.nc !== undefined) {
    classes = Array.from({ length: y.nc }, (_, i) => ({ id: i, name: `class_${i}` }));
    notes.push(`${entry} has nc: ${y.nc} but no names; classes are called class_0 … class_${y.nc - 1}.`);
  } else {
    throw new UsageError(`${entry} has no names: add the class names (names: [a, b, …] or names: {0: a, …}).`);
  }
  if (y.nc !== undefined && y.names && y.nc !== classes.length) {
    findings.push(
      finding({
        check: 'yaml/nc-mismatch',
        severity: 'warning',
        message: `${entry} says nc: ${y.nc} but lists ${classes.length} class names.`,
        path: entry,
        ...lineOrNot(lineOf('nc')),
        key: 'nc',
        data: { nc: y.nc, names: classes.length },
      }),
    );
  }

  // the folder paths are relative to
  const yamlDir = dirOf(entry);
  let baseDir = base ?? yamlDir;
  if (base === undefined && y.path && y.path !== '.') {
    const found = resolveRef(y.path, yamlDir, yamlDir, has, root);
    if (found.rel !== undefined) {
      baseDir = found.rel;
      if (found.fellBack) notes.push(`${entry}: path ${y.path} does not exist here; read ${found.rel || 'the yaml folder'} instead.`);
    } else notes.push(`${entry}: path ${y.path} does not exist here; paths are read relative to the yaml's folder.`);
  }

  const splits: YoloSplitSpec[] = [];
  for (const key of SPLIT_KEYS) {
    const v = y[key];
    if (v === undefined || v === null) continue;
    const name: string = key;
    const targets: string[] = [];
    for (const ref of Array.isArray(v) ? v : [v]) {
      const found = resolveRef(ref, baseDir, yamlDir, has, root);
      if (found.rel === undefined) {
        // Ultralytics needs train and val to train; a missing test split only fails an evaluation
        // on it (Roboflow exports name ../test/images whether or not there is one)
        const test = key === 'test';
        findings.push(
          finding({
            check: 'yaml/split-missing',
            severity: test ? 'warning' : 'error',
            message: `${entry}: ${key} points to ${ref}, which does not exist in the dataset folder, so that split was not read${test ? '. Training runs without it; an evaluation on the test split would fail.' : '.'}`,
            path: entry,
            ...lineOrNot(lineOf(key)),
            key: `${key}:${ref}`,
          }),
        );
        continue;
      }
      if (found.fellBack) notes.push(`${entry}: ${key} path ${ref} does not exist here; read ${found.rel} (relative to the yaml's folder) instead.`);
      targets.push(found.rel);
    }
    const same = splits.find((s) => s.name === name);
    if (same) same.targets.push(...targets);
    else splits.push({ name, targets });
  }
  return { entry, classes, splits, notes, findings };
}

function lineOrNot(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

/**
 * Where a yaml path points inside the source: as written (relative to `base`, or absolute inside
 * the root), else relative to the yaml folder, else the longest tail of it (of two parts at least)
 * found under the yaml folder (fellBack).
 */
export function resolveRef(
  ref: string,
  base: string,
  yamlDir: string,
  has: (rel: string) => boolean,
  root: string,
): { rel?: string; fellBack: boolean } {
  const s = ref.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  const isAbs = s.startsWith('/') || /^[A-Za-z]:\//.test(s);
  if (isAbs) {
    const rootPosix = root.replace(/\\/g, '/').replace(/\/+$/, '');
    if (s === rootPosix) return { rel: '', fellBack: false };
    if (s.startsWith(rootPosix + '/')) {
      const rel = normRel(s.slice(rootPosix.length + 1));
      if (rel !== undefined && has(rel)) return { rel, fellBack: false };
    }
  } else {
    for (const b of base === yamlDir ? [base] : [base, yamlDir]) {
      const rel = normRel(joinRel(b, s));
      if (rel !== undefined && has(rel)) return { rel, fellBack: false };
    }
  }
  const parts = s.split('/').filter((p) => p && p !== '.' && p !== '..' && !/^[A-Za-z]:$/.test(p));
  // a tail keeps two parts at least: '../test/images' must not fall back to the 'images' folder
  // (every split's images), only 'train/images' or 'images/train2017' tell a split apart
  for (let k = 0; k <= parts.length - Math.min(2, parts.length); k++) {
    const rel = normRel(joinRel(yamlDir, parts.slice(k).join('/')));
    if (rel !== undefined && rel !== yamlDir && has(rel)) return { rel, fellBack: true };
  }
  return { fellBack: false };
}
