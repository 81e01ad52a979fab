/**
 * The one-page QC report in Markdown. `detail` lowers the amount of detail (0 = full) so a
 * caller with a size budget (PR comment) can re-render smaller before trimming.
 */
import { markdownTable } from 'markdown-table';
import type { Finding } from '../findings.js';
import { codePath, escapeMd } from './escape.js';
import { sectionOf, titleOf, type Section } from './titles.js';
import type { QcReport } from './types.js';
import { num } from '../num.js';

export interface MarkdownOptions {
  detail?: number;
  /** link a dataset-relative path to the file (e.g. at the head SHA on GitHub) */
  linkTo?: (path: string, line?: number) => string | undefined;
  /** extra sections (diff, drift, trend) inserted after the totals */
  extra?: string[];
  /** first line of the document (e.g. the sticky-comment marker) */
  header?: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const SEV_ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;
const SECTIONS: Section[] = ['Labels', 'Boxes', 'Files', 'Classes and splits', 'Duplicates and leakage', 'Image quality'];

export function fileRef(p: string | undefined, line: number | undefined, link?: MarkdownOptions['linkTo']): string {
  if (!p) return '—';
  const text = codePath(line ? `${p}:${line}` : p);
  const url = link?.(p, line);
  return url ? `[${text}](${encodeURI(url)})` : text;
}

function totals(r: QcReport): string {
  const s = r.summary;
  const splitList = r.splits.map((x) => `${escapeMd(x.name || '(no split)')} ${num(x.images)}`).join(' · ');
  const rows = [
    ['', ''],
    ['Dataset', `${codePath(r.dataset.root)} (${r.dataset.format.toUpperCase()}${r.dataset.source ? `, ${codePath(r.dataset.source)}` : ''})`],
    ['Audit date', r.auditDate.slice(0, 10)],
    ['Images', `${num(s.images)}${splitList ? ` (${splitList})` : ''}`],
    ['Boxes', num(s.boxes)],
    ['Classes', `${s.classesUsed} used of ${s.classes} declared`],
    ['Background images', `${num(s.backgroundImages)} (${pct(s.backgroundShare)})`],
    ['Unlabeled images', num(s.unlabeledImages)],
    ['Orphan label files', num(s.orphanLabels)],
  ];
  if (r.scan) rows.push(['Image scan', `${num(r.scan.images)} images: ${num(r.scan.decoded)} decoded, ${num(r.scan.fromCache)} from cache`]);
  const c = r.counts;
  rows.push(['Findings', `${c.error} errors, ${c.warning} warnings, ${c.info} info${c.waived ? `, ${c.waived} waived` : ''}`]);
  return markdownTable(rows, { align: ['l', 'l'] });
}

function splitsTable(r: QcReport): string {
  const rows = [['Split', 'Images', 'Boxes', 'Background', 'Share', 'Unlabeled']];
  for (const s of r.splits)
    rows.push([escapeMd(s.name || '(none)'), num(s.images), num(s.boxes), num(s.background), pct(s.backgroundShare), num(s.unlabeled)]);
  return markdownTable(rows, { align: ['l', 'r', 'r', 'r', 'r', 'r'] });
}

function classTable(r: QcReport, detail: number): string {
  const splits = r.dataset.splits;
  const head = ['Class', 'Instances', 'Images', ...splits.map((s) => `${escapeMd(s || '(none)')} inst / img`)];
  const sorted = [...r.perClass].sort((a, b) => b.instances - a.instances || a.id - b.id);
  const limit = detail === 0 ? sorted.length : detail === 1 ? 40 : 15;
  const rows = sorted.slice(0, limit).map((c) => [
    escapeMd(c.name),
    num(c.instances),
    num(c.images),
    ...splits.map((s) => (c.bySplit[s] ? `${num(c.bySplit[s].instances)} / ${num(c.bySplit[s].images)}` : '0 / 0')),
  ]);
  const more = sorted.length > limit ? `\n\n…and ${sorted.length - limit} more classes (see report.json).` : '';
  return markdownTable([head, ...rows], { align: ['l', 'r', 'r', ...splits.map(() => 'r' as const)] }) + more;
}

function findingsSection(r: QcReport, opts: MarkdownOptions): string {
  const detail = opts.detail ?? 0;
  const examples = [10, 5, 2, 0][Math.min(detail, 3)]!;
  const byCheck = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const list = byCheck.get(f.check);
    if (list) list.push(f);
    else byCheck.set(f.check, [f]);
  }
  if (!byCheck.size) return '## Findings\n\nNo findings. ✅';
  const out = ['## Findings'];
  for (const section of SECTIONS) {
    const checks = [...byCheck].filter(([c]) => sectionOf(c) === section);
    if (!checks.length) continue;
    out.push(`### ${section}`);
    const summary = [['', 'Check', 'Findings', 'Example']];
    for (const [check, list] of checks) {
      const live = list.filter((f) => !f.waived);
      const sev = live[0]?.severity ?? list[0]!.severity;
      const waived = list.length - live.length;
      summary.push([
        live.length ? SEV_ICON[sev] : '🔕',
        `${escapeMd(titleOf(check))} (\`${check}\`)`,
        `${live.length}${waived ? ` (+${waived} waived)` : ''}`,
        escapeMd(truncate(list[0]!.message, 140)),
      ]);
    }
    out.push(markdownTable(summary, { align: ['c', 'l', 'r', 'l'] }));
    if (examples === 0) continue;
    for (const [check, list] of checks) {
      const rows = [['File', 'Message']];
      for (const f of list.slice(0, examples))
        rows.push([fileRef(f.path, f.line, opts.linkTo), escapeMd(truncate(f.message, 300)) + (f.waived ? ` _(waived: ${escapeMd(f.waived.reason)})_` : '')]);
      const more = list.length > examples ? `\n\n…and ${list.length - examples} more in report.json.` : '';
      out.push(`<details><summary>${escapeMd(titleOf(check))}: ${list.length}</summary>\n\n${markdownTable(rows)}${more}\n\n</details>`);
    }
  }
  return out.join('\n\n');
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export function renderMarkdown(r: QcReport, opts: MarkdownOptions = {}): string {
  const detail = opts.detail ?? 0;
  const ready = r.gate.readyToTrain ? '✅ yes' : '❌ no';
  const parts: string[] = [];
  if (opts.header) parts.push(opts.header);
  parts.push(`# Dataset QC: ${escapeMd(r.dataset.name)}`);
  let verdict = `**Ready to train: ${ready}**`;
  if (r.gate.reasons.length) verdict += '\n\n' + r.gate.reasons.map((x) => `- ${escapeMd(truncate(x, 300))}`).join('\n');
  parts.push(verdict);
  parts.push(totals(r));
  for (const e of opts.extra ?? []) parts.push(e);
  if (detail < 3) {
    parts.push('## Splits\n\n' + splitsTable(r));
    parts.push('## Classes\n\n' + classTable(r, detail));
  }
  parts.push(findingsSection(r, opts));
  if (r.notes.length && detail < 3) parts.push('## Notes\n\n' + r.notes.map((n) => `- ${escapeMd(n)}`).join('\n'));
  parts.push(`<sub>dataset-qc ${escapeMd(r.tool.version)} · report v${r.reportVersion}</sub>`);
  return parts.join('\n\n') + '\n';
}
