/**
 * Everything the action says on GitHub about one report: the sticky PR comment (fitted under the
 * size limit, with the digest of its numbers), annotations on the changed label files (workflow
 * commands while few, a check run in batches of 50 beyond), and the check run's verdict. Every
 * call goes through `safely`: a read-only token (fork PRs) yields warnings, never a crash.
 */
import { escapeMd } from '../report/escape.js';
import { renderMarkdown } from '../report/markdown.js';
import type { QcReport } from '../report/types.js';
import { annotationRoute, emitWorkflowCommands, repoPath, toAnnotations } from './annotations.js';
import { publishCheckRun } from './check-run.js';
import { fileUrl, type ActionContext } from './context.js';
import { digestChanges, digestOf, encodeDigest, type Digest } from './digest.js';
import { safely, type GitHubApi } from './github-api.js';
import type { CommentMode } from './inputs.js';
import { commentMarker, findStickyComment, upsertComment } from './sticky-comment.js';
import { fitBody, trimNotice } from './trim.js';

export interface PublishInput {
  api: GitHubApi;
  ctx: ActionContext;
  report: QcReport;
  /** extra Markdown sections (diff, drift, trend) for a detail level */
  extra: (level: number) => string[];
  /** dataset root relative to the repository root */
  datasetDir: string;
  /** repository-relative paths the PR changed; annotations only on these */
  changedFiles?: ReadonlySet<string>;
  prNumber?: number;
  headSha?: string;
  comment: CommentMode;
  /** comment body budget (tests lower it) */
  budget?: number;
}

export interface PublishResult {
  commentId?: number;
  commentAction?: 'created' | 'updated' | 'skipped';
  checkRunId?: number;
  trimmed?: boolean;
}

/** "Since the last push" lines from the previous comment's digest. */
export function sinceLastPush(prev: Digest | undefined, cur: Digest): string | undefined {
  if (!prev) return undefined;
  const changes = digestChanges(prev, cur);
  const from = prev.sha ? ` (${prev.sha.slice(0, 7)})` : '';
  if (!changes.length) return `**Since the last report${from}:** no change in the numbers.`;
  const lines = changes.slice(0, 15).map((c) => `- ${escapeMd(c.what)}: ${c.before} → ${c.after} (${c.after > c.before ? '+' : ''}${c.after - c.before})`);
  if (changes.length > 15) lines.push(`- …and ${changes.length - 15} more changes`);
  return `**Since the last report${from}:**\n\n${lines.join('\n')}`;
}

export async function publish(p: PublishInput): Promise<PublishResult> {
  const { api, ctx, report } = p;
  const out: PublishResult = {};
  const linkTo = p.headSha ? (file: string, line?: number) => fileUrl(ctx, p.headSha!, repoPath(p.datasetDir, file), line) : undefined;

  if (p.prNumber && p.comment !== 'off') {
    const marker = commentMarker(p.datasetDir || 'default');
    const target = { owner: ctx.owner, repo: ctx.repo, issue: p.prNumber, marker };
    const found = await safely(`read the comments of #${p.prNumber}`, async () => ({ c: await findStickyComment(api, target) }));
    // listing failed: posting blind could add a second comment, so leave it to the job summary
    if (!found) return { ...out, ...(await annotate(p)) };
    const existing = found.c;
    const digest = digestOf(report, p.headSha);
    const since = sinceLastPush(existing?.digest, digest);
    const header = `${marker}\n${encodeDigest(digest)}`;
    const render = (level: number) =>
      renderMarkdown(report, { detail: level, header, extra: [...(since ? [since] : []), ...p.extra(level)], ...(linkTo ? { linkTo } : {}) });
    const fitted = fitBody(render, 3, p.budget, trimNotice(ctx.runUrl));
    out.trimmed = fitted.trimmed;
    const res = await safely(`post the QC comment on #${p.prNumber}`, () =>
      upsertComment(api, { ...target, body: fitted.body, mode: p.comment, verdict: report.gate.verdict, existing: existing ?? null }),
    );
    if (res) {
      out.commentAction = res.action;
      if (res.id !== undefined) out.commentId = res.id;
    }
  }

  return { ...out, ...(await annotate(p)) };
}

async function annotate(p: PublishInput): Promise<PublishResult> {
  const { api, ctx, report } = p;
  const out: PublishResult = {};
  const annotations = toAnnotations(report.findings, { datasetDir: p.datasetDir, ...(p.changedFiles ? { changedFiles: p.changedFiles } : {}) });
  const route = annotationRoute(annotations, 8);
  if (route === 'commands') emitWorkflowCommands(annotations);
  if (route === 'check-run' && p.headSha) {
    const reasons = report.gate.reasons.map((r) => `- ${escapeMd(r)}`).join('\n');
    const run = await safely('create the check run with annotations', () =>
      publishCheckRun(api, {
        owner: ctx.owner,
        repo: ctx.repo,
        headSha: p.headSha!,
        name: 'dataset-qc findings',
        conclusion: report.gate.verdict === 'pass' ? 'success' : 'failure',
        title: `Dataset QC: ${report.gate.verdict} (${report.counts.error} errors, ${report.counts.warning} warnings)`,
        summary: `${report.gate.verdict === 'pass' ? 'Ready to train.' : 'Not ready to train:'}\n\n${reasons}`,
        annotations,
        ...(ctx.runUrl ? { detailsUrl: ctx.runUrl, runUrl: ctx.runUrl } : {}),
      }),
    );
    if (run) out.checkRunId = run.id;
  }
  return out;
}
