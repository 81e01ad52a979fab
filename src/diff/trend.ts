/** The trend table of the report: the last commits' summaries with their changes. */
import type { HistoryEntry } from './history.js';

export interface TrendRow {
  /** 7-character commit */
  sha: string;
  /** YYYY-MM-DD */
  date: string;
  images: number;
  /** change since the row before (undefined for the first row) */
  imagesDelta?: number;
  boxes: number;
  boxesDelta?: number;
  classes: number;
  /** background share, percent with one decimal */
  backgroundPct: number;
  errors: number;
  warnings: number;
  verdict: 'pass' | 'fail';
}

/** The last `last` entries, oldest first, with changes since the previous entry. */
export function trendTable(entries: HistoryEntry[], last = 10): TrendRow[] {
  const start = Math.max(0, entries.length - last);
  const rows: TrendRow[] = [];
  for (let i = start; i < entries.length; i++) {
    const e = entries[i]!;
    const prev = i > 0 ? entries[i - 1] : undefined;
    rows.push({
      sha: e.sha.slice(0, 7),
      date: e.date.slice(0, 10),
      images: e.images,
      ...(prev ? { imagesDelta: e.images - prev.images } : {}),
      boxes: e.boxes,
      ...(prev ? { boxesDelta: e.boxes - prev.boxes } : {}),
      classes: Object.keys(e.classes).length,
      backgroundPct: Math.round(e.background * 1000) / 10,
      errors: e.errors,
      warnings: e.warnings,
      verdict: e.verdict,
    });
  }
  return rows;
}
