/**
 * Pascal VOC split membership: ImageSets/Main/<split>.txt (trainval ignored when train and val
 * exist; per-class files such as aeroplane_train.txt ignored), or CSV files with a filename
 * column (train_labels.csv → split "train"), where a CSV that only repeats the union of the
 * others (raccoon_labels.csv) or lists every image on its own is ignored.
 */
import type { ReaderContext } from './common.js';
import { baseOf, dirOf, extOf, filesUnder, joinRel, stripExt } from './paths.js';

export interface SplitSource {
  /** image id (file stem) → split */
  splitOf: Map<string, string>;
  /** split names, in file order */
  names: string[];
  /** ids listed by a split file: where (for "listed but missing") */
  listed: { id: string; split: string; file: string; line: number }[];
  notes: string[];
}

export async function vocSplits(ctx: ReaderContext, base: string, allIds: Set<string>): Promise<SplitSource> {
  const out: SplitSource = { splitOf: new Map(), names: [], listed: [], notes: [] };
  const mainDir = [...ctx.dirs].find((d) => dirOf(d) === base && /^imagesets$/i.test(baseOf(d)));
  const main = mainDir ? [...ctx.dirs].find((d) => dirOf(d) === mainDir && /^main$/i.test(baseOf(d))) : undefined;
  if (main) {
    let sets = filesUnder(ctx.files, main).filter((f) => dirOf(f) === main && extOf(f) === 'txt' && !stripExt(baseOf(f)).includes('_'));
    const names = sets.map((f) => stripExt(baseOf(f)));
    if (names.includes('train') && names.includes('val')) {
      const before = sets.length;
      sets = sets.filter((f) => stripExt(baseOf(f)) !== 'trainval');
      if (sets.length < before) out.notes.push(`${joinRel(main, 'trainval.txt')} was ignored: train and val are read from their own files.`);
    }
    let overlap = 0;
    for (const f of sets) {
      const split = stripExt(baseOf(f));
      out.names.push(split);
      const text = await ctx.source.readText(f);
      text.split('\n').forEach((raw, i) => {
        const id = raw.trim().split(/\s+/)[0];
        if (!id) return;
        out.listed.push({ id, split, file: f, line: i + 1 });
        if (out.splitOf.has(id)) overlap++;
        else out.splitOf.set(id, split);
      });
    }
    if (overlap) out.notes.push(`${overlap} image ids are listed in more than one ImageSets file; each keeps the first split it is listed in.`);
    return out;
  }

  // CSV split files
  const csvs: { file: string; split: string; ids: Set<string>; lines: Map<string, number> }[] = [];
  for (const f of ctx.files) {
    if (extOf(f) !== 'csv' || f.split('/').length - base.split('/').filter(Boolean).length > 3) continue;
    if (base && !f.startsWith(base + '/')) continue;
    const parsed = parseFilenameCsv(await ctx.source.readText(f));
    if (!parsed) continue;
    csvs.push({ file: f, split: stripExt(baseOf(f)).replace(/_labels?$/i, ''), ...parsed });
  }
  // a CSV that holds every other CSV (which split the images between them) is the full list
  const kept = [...csvs];
  for (const c of csvs) {
    const others = csvs.filter((o) => o !== c);
    const holdsAll = others.length >= 2 && others.every((o) => [...o.ids].every((id) => c.ids.has(id))) && disjoint(others);
    const alone = !others.length && [...allIds].every((id) => c.ids.has(id));
    if (holdsAll || alone) {
      kept.splice(kept.indexOf(c), 1);
      out.notes.push(`${c.file} was not used as a split: it lists ${alone ? 'every image' : 'the images of all the other CSV files together'}.`);
    }
  }
  for (const c of kept.sort((a, b) => (a.file < b.file ? -1 : 1))) {
    out.names.push(c.split);
    for (const id of c.ids) {
      out.listed.push({ id, split: c.split, file: c.file, line: c.lines.get(id)! });
      if (!out.splitOf.has(id)) out.splitOf.set(id, c.split);
    }
  }
  if (kept.length) out.notes.push(`Splits read from ${kept.map((c) => c.file).join(', ')}.`);
  return out;
}

const FILE_COL = /^(filename|file_name|file|image|image_name|image_id|img)$/i;

/** ids (file stems) of a CSV with a filename column, with the first line each appears on. */
export function parseFilenameCsv(text: string): { ids: Set<string>; lines: Map<string, number> } | undefined {
  const rows = text.split('\n');
  const header = splitCsvLine(rows[0] ?? '');
  const col = header.findIndex((h) => FILE_COL.test(h.trim()));
  if (col < 0) return undefined;
  const ids = new Set<string>();
  const lines = new Map<string, number>();
  for (let i = 1; i < rows.length; i++) {
    const cell = splitCsvLine(rows[i]!)[col]?.trim();
    if (!cell) continue;
    const id = stripExt(baseOf(cell.replace(/\\/g, '/')));
    if (!ids.has(id)) {
      ids.add(id);
      lines.set(id, i + 1);
    }
  }
  return { ids, lines };
}

export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else if (ch !== '\r') cur += ch;
  }
  out.push(cur);
  return out;
}

function disjoint(sets: { ids: Set<string> }[]): boolean {
  const seen = new Set<string>();
  for (const s of sets) for (const id of s.ids) {
    if (seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}
