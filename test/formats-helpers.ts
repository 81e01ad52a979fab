/** Shared helpers for the reader tests (not a test file itself). */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../src/model.js';
import { tempDir } from './helpers/tmp.js';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const fixture = (name: string) => path.join(repo, 'fixtures', name);

/** A temp copy of a fixture (tests that add files or links never touch the committed one). */
export function tempCopy(name: string): string {
  const dir = tempDir(`dqc-${name}-`);
  const dest = path.join(dir, name);
  cpSync(fixture(name), dest, { recursive: true });
  return dest;
}

export interface DefectRow {
  fixture: string;
  check: string;
  file: string;
  line?: number;
  what: string;
}

/** Rows of fixtures/DEFECTS.md. */
export function defectRows(): DefectRow[] {
  const md = readFileSync(path.join(repo, 'fixtures', 'DEFECTS.md'), 'utf8');
  const rows: DefectRow[] = [];
  for (const l of md.split('\n')) {
    const m = /^\| ([\w-]+) \| ([^|]+) \| ([^|]+) \| *(\d*) *\| (.*) \|$/.exec(l);
    if (!m || m[1] === 'fixture') continue;
    rows.push({ fixture: m[1]!, check: m[2]!.trim(), file: m[3]!.trim(), ...(m[4] ? { line: Number(m[4]) } : {}), what: m[5]!.trim() });
  }
  return rows;
}

export const READER_CHECKS = new Set(['label/parse', 'label/class-range', 'coco/bad-reference', 'image/missing']);

export function imageByPath(ds: Dataset, p: string) {
  const img = ds.images.find((i) => i.path === p);
  if (!img) throw new Error(`no image ${p} in ${ds.images.map((i) => i.path).join(', ')}`);
  return img;
}

export function boxesOf(ds: Dataset, p: string) {
  const img = imageByPath(ds, p);
  return ds.boxes.filter((b) => b.image === img.id);
}

export function classCounts(ds: Dataset): Record<string, number> {
  const names = new Map(ds.classes.map((c) => [c.id, c.name]));
  const out: Record<string, number> = {};
  for (const b of ds.boxes) {
    const n = names.get(b.classId) ?? `#${b.classId}`;
    out[n] = (out[n] ?? 0) + 1;
  }
  return out;
}
