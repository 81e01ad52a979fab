/**
 * `history: true`: a compact summary per commit on the branch dataset-qc-history, which outlives
 * the 7-day cache eviction. Runs on the default branch (push, schedule, manual) append and push
 * their commit; PR runs only read, and show the trend with this PR's head as the last row.
 * Every git or network failure is a warning.
 */
import * as core from '@actions/core';
import { appendHistory, historyEntrySchema, mergeEntries, readHistory, type HistoryEntry } from '../diff/history.js';
import { fetchHistory, pushHistory } from '../diff/history-remote.js';
import { trendTable, type TrendRow } from '../diff/trend.js';
import type { QcReport } from '../report/types.js';
import type { ActionContext } from './context.js';

export function historyEntryOf(report: QcReport, sha: string, ref?: string): HistoryEntry {
  const classes: Record<string, number> = {};
  for (const c of report.perClass) classes[c.name] = (classes[c.name] ?? 0) + c.instances;
  return historyEntrySchema.parse({
    sha,
    date: report.auditDate,
    ...(ref ? { ref } : {}),
    images: report.summary.images,
    boxes: report.summary.boxes,
    classes,
    background: report.summary.backgroundShare,
    errors: report.counts.error,
    warnings: report.counts.warning,
    verdict: report.gate.verdict,
  });
}

export interface HistoryStep {
  repo: string;
  ctx: ActionContext;
  report: QcReport;
  token?: string;
  last?: number;
}

export async function recordHistory(h: HistoryStep): Promise<TrendRow[] | undefined> {
  const sha = h.ctx.headSha ?? h.ctx.sha;
  if (!sha) return undefined;
  try {
    await fetchHistory(h.repo, undefined, h.token);
    const known = await readHistory(h.repo, { remote: true });
    const entry = historyEntryOf(h.report, sha, h.ctx.headRef);
    const onDefault = !h.ctx.prNumber && !!h.ctx.headRef && (!h.ctx.defaultBranch || h.ctx.headRef === h.ctx.defaultBranch);
    if (onDefault) {
      try {
        await appendHistory(h.repo, entry);
        await pushHistory(h.repo, undefined, h.token);
        core.info(`History: ${sha.slice(0, 7)} appended to the dataset-qc-history branch.`);
      } catch (e) {
        core.warning(`Could not record this commit in the dataset-qc-history branch (needs contents: write): ${(e as Error).message}`);
      }
    }
    return trendTable(mergeEntries(known, [entry]), h.last ?? 10);
  } catch (e) {
    core.warning(`Could not read the dataset-qc history: ${(e as Error).message}`);
    return undefined;
  }
}
