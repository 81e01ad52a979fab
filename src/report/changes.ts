/**
 * The report sections about change: what the PR changed against base (images, boxes, per-class
 * deltas as a Mermaid bar chart with the same numbers in a table beside it), drift with
 * plain-language verdicts, and the trend of the last commits. `level` lowers the detail as in
 * renderMarkdown (0 = full). Every name is escaped: class and file names are untrusted.
 */
import { markdownTable } from 'markdown-table';
import type { DatasetDiff } from '../diff/dataset-diff.js';
import type { DriftReport } from '../diff/drift.js';
import type { TrendRow } from '../diff/trend.js';
import { codePath, escapeMd } from './escape.js';
import type { QcReport } from './types.js';
import { num } from '../num.js';

// Number(): a report from a fork is untrusted; a string where a number belongs must not reach the Markdown
const signed = (n: number) => (n = Number(n)) > 0 ? `+${num(n)}` : n < 0 ? `−${num(-n)}` : '0';

/** A label for inside a Mermaid string: no quotes, brackets or line breaks, short. */
function mermaidLabel(s: string): string {
  const clean = s.replace(/["'`\[\]{}<>;:#&\\\r\n]/g, ' ').replace(/\s+/g, ' ').trim();
  return (clean.length > 24 ? clean.slice(0, 23) + '…' : clean) || '?';
}

function diffSummary(d: DatasetDiff): string {
  const s = d.summary;
  if (!s.changed) return '## Changes against base\n\nNothing in the dataset changed.';
  const rows = [
    ['', 'Count'],
    ['Images', `${num(s.baseImages)} → ${num(s.headImages)} (${signed(s.headImages - s.baseImages)})`],
    ['Added / removed / modified', `${num(s.imagesAdded)} / ${num(s.imagesRemoved)} / ${num(s.imagesModified)}`],
    ['Moved between splits / renamed', `${num(s.imagesMoved)} / ${num(s.imagesRenamed)}`],
    ['Images relabeled', num(s.imagesRelabeled)],
    ['Boxes', `${num(s.baseBoxes)} → ${num(s.headBoxes)} (${signed(s.headBoxes - s.baseBoxes)})`],
    ['Boxes added / removed in relabeled images', `${num(s.boxesAdded)} / ${num(s.boxesRemoved)}`],
    ['Boxes reclassified / moved / adjusted', `${num(s.boxesReclassified)} / ${num(s.boxesMoved)} / ${num(s.boxesAdjusted)}`],
  ];
  const parts = ['## Changes against base', markdownTable(rows, { align: ['l', 'r'] })];
  if (d.classesAdded.length) parts.push(`Classes added: ${d.classesAdded.map(escapeMd).join(', ')}`);
  if (d.classesRemoved.length) parts.push(`Classes removed: ${d.classesRemoved.map(escapeMd).join(', ')}`);
  for (const r of d.classesRenamed) parts.push(`Class ${r.id} renamed: ${escapeMd(r.from)} → ${escapeMd(r.to)}`);
  return parts.join('\n\n');
}

function classChanges(d: DatasetDiff, level: number): string | undefined {
  const changed = d.classes.filter((c) => c.delta.instances !== 0 || c.delta.images !== 0);
  if (!changed.length) return undefined;
  const top = [...changed].sort((a, b) => Math.abs(b.delta.instances) - Math.abs(a.delta.instances) || a.class.localeCompare(b.class)).slice(0, level >= 2 ? 8 : 20);
  const table = markdownTable(
    [['Class', 'Instances base → head', 'Δ instances', 'Δ images'], ...top.map((c) => [escapeMd(c.class), `${num(c.base.instances)} → ${num(c.head.instances)}`, signed(c.delta.instances), signed(c.delta.images)])],
    { align: ['l', 'r', 'r', 'r'] },
  );
  const more = changed.length > top.length ? `\n\n…and ${changed.length - top.length} more classes changed (see report.json).` : '';
  const parts = ['### Per-class changes', table + more];
  if (level <= 1) {
    const max = Math.max(1, ...top.map((c) => Math.abs(c.delta.instances)));
    const chart = [
      '```mermaid',
      'xychart-beta',
      '  title "Change in instances per class"',
      `  x-axis [${top.map((c) => `"${mermaidLabel(c.class)}"`).join(', ')}]`,
      `  y-axis "Δ instances" ${-max} --> ${max}`,
      `  bar [${top.map((c) => c.delta.instances).join(', ')}]`,
      '```',
    ].join('\n');
    parts.push(chart);
  }
  return parts.join('\n\n');
}

function changedImages(d: DatasetDiff, level: number): string | undefined {
  const limit = [15, 8, 3, 0][Math.min(level, 3)]!;
  if (!limit) return undefined;
  const lines: string[] = [];
  const list = (title: string, items: string[]) => {
    if (!items.length) return;
    const shown = items.slice(0, limit).map((x) => `  - ${x}`);
    if (items.length > limit) shown.push(`  - …and ${items.length - limit} more`);
    lines.push(`- ${title} (${items.length}):\n${shown.join('\n')}`);
  };
  list('Added', d.images.added.map((i) => `${codePath(i.path)} (${escapeMd(i.split || 'no split')})`));
  list('Removed', d.images.removed.map((i) => `${codePath(i.path)} (${escapeMd(i.split || 'no split')})`));
  list('Moved between splits', d.images.moved.map((m) => `${codePath(m.to)}: ${escapeMd(m.fromSplit)} → ${escapeMd(m.toSplit)}`));
  list(
    'Relabeled',
    d.labels
      .filter((l) => l.added + l.removed + l.reclassified + l.moved + l.adjusted > 0 || l.stateFrom !== l.stateTo)
      .map((l) => {
        const what = [['added', l.added], ['removed', l.removed], ['reclassified', l.reclassified], ['moved', l.moved], ['adjusted', l.adjusted]]
          .filter(([, n]) => (n as number) > 0)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ');
        return `${codePath(l.path)}: ${what || escapeMd(`${l.stateFrom} → ${l.stateTo}`)}`;
      }),
  );
  return lines.length ? `<details><summary>Changed images</summary>\n\n${lines.join('\n')}\n\n</details>` : undefined;
}

function driftSection(dr: DriftReport, level: number): string {
  const c = dr.classes;
  const rows = [['What', 'Test', 'Verdict']];
  rows.push(['Class distribution', `χ² p = ${Number(c.p).toPrecision(2)}, JS = ${Number(c.js).toFixed(3)} bits`, escapeMd(c.verdict)]);
  const metrics = level >= 2 ? dr.metrics.filter((m) => m.verdict === 'moderate shift' || m.verdict === 'major shift') : dr.metrics;
  for (const m of metrics) rows.push([escapeMd(m.label), `KS = ${Number(m.ks).toFixed(3)} (p = ${Number(m.p).toPrecision(2)}), PSI = ${Number(m.psi).toFixed(3)}`, escapeMd(m.verdict)]);
  const lead =
    dr.overall === 'major shift' || dr.overall === 'moderate shift'
      ? `The data shifted against base (**${escapeMd(dr.overall)}**): a model trained before may behave differently.`
      : dr.overall === 'not enough data'
        ? 'Too few images or boxes to tell whether the data shifted.'
        : dr.overall === 'small shift'
          ? 'Small shifts only against base: statistically clear, but below the moderate size.'
          : 'No meaningful drift against base.';
  return `## Drift\n\n${lead}\n\n${markdownTable(rows, { align: ['l', 'l', 'l'] })}`;
}

function trendSection(rows: TrendRow[]): string {
  const d = (n: number | undefined) => (n === undefined ? '' : ` (${signed(n)})`);
  const table = markdownTable(
    [['Commit', 'Date', 'Images', 'Boxes', 'Classes', 'Background', 'Errors', 'Warnings', 'Verdict'],
     ...rows.map((r) => [codePath(String(r.sha)), escapeMd(String(r.date)), `${num(r.images)}${d(r.imagesDelta)}`, `${num(r.boxes)}${d(r.boxesDelta)}`, num(r.classes), `${num(r.backgroundPct)}%`, num(r.errors), num(r.warnings), escapeMd(String(r.verdict))])],
    { align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'] },
  );
  return `## Trend (last ${rows.length} commits)\n\n${table}`;
}

export function changeSections(r: QcReport, level: number): string[] {
  try {
    return sections(r, level);
  } catch {
    // a malformed diff/drift/trend (an edited report.json): leave the sections out, never crash
    return ['_The change sections of this report could not be rendered._'];
  }
}

function sections(r: QcReport, level: number): string[] {
  const out: string[] = [];
  const d = r.diff as DatasetDiff | undefined;
  if (d?.summary) {
    out.push(diffSummary(d));
    const cls = classChanges(d, level);
    if (cls) out.push(cls);
    const imgs = changedImages(d, level);
    if (imgs) out.push(imgs);
  }
  const dr = r.drift as DriftReport | undefined;
  if (dr?.classes && level < 3) out.push(driftSection(dr, level));
  const trend = r.trend as TrendRow[] | undefined;
  if (Array.isArray(trend) && trend.length && level < 3) out.push(trendSection(trend));
  return out;
}
