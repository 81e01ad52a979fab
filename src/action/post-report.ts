/**
 * `post-report` mode, for pull requests from forks: a `pull_request` job (read-only token)
 * computed report.json and uploaded it; this `workflow_run` job (write token, trusted code) only
 * posts it. The report is untrusted input: it is validated against the report schema, rendered
 * by our own renderer (which escapes every name), and a PR number taken from it is used only
 * when that PR's head really is the commit the triggering run was about.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { UsageError } from '../options.js';
import { changeSections } from '../report/changes.js';
import { reportSchema } from '../report/types.js';
import { postTargetOf, type ActionContext } from './context.js';
import { safely, verifyPullHead, type GitHubApi } from './github-api.js';
import type { ActionOptions } from './inputs.js';
import { publish } from './publish.js';

export async function postReport(inputs: ActionOptions, ctx: ActionContext, api: GitHubApi | undefined, workspace = process.cwd()): Promise<void> {
  const file = path.resolve(workspace, inputs.postReport!);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`post-report: cannot read ${inputs.postReport} as JSON (${(e as Error).message}). Download the report artifact before this step.`);
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`post-report: ${inputs.postReport} is not a dataset-qc report (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
  const report = parsed.data;
  core.setOutput('verdict', report.gate.verdict);
  core.setOutput('findings', String(report.findings.filter((f) => !f.waived).length));
  core.setOutput('new-findings', String(report.gate.newErrors ?? 0));
  core.setOutput('report-json', file);
  core.setOutput('report-markdown', '');
  core.setOutput('comment-id', '');
  if (!api) throw new UsageError('post-report needs a github-token with pull-requests: write.');

  const target = postTargetOf(ctx, report.github);
  if (!target) throw new UsageError('post-report: neither the event nor the report names a pull request to post to.');
  const headSha = target.headSha;
  if (report.github?.headSha && headSha && report.github.headSha !== headSha) {
    core.warning(`post-report: the report is about ${report.github.headSha.slice(0, 7)} but the run was about ${headSha.slice(0, 7)}; not posting.`);
    return;
  }
  if (target.source === 'report') {
    const ok = headSha ? await safely(`read pull request #${target.prNumber}`, () => verifyPullHead(api, ctx.owner, ctx.repo, target.prNumber, headSha)) : false;
    if (!ok) {
      core.warning(`post-report: pull request #${target.prNumber} named by the report does not have head ${headSha ?? '(unknown)'}; not posting.`);
      return;
    }
  }
  const datasetDir = report.dataset.root === '.' ? '' : report.dataset.root;
  const res = await publish({
    api,
    ctx,
    report,
    extra: (level) => changeSections(report, level),
    datasetDir,
    comment: inputs.comment,
    prNumber: target.prNumber,
    ...(headSha ? { headSha } : {}),
  });
  core.setOutput('comment-id', res.commentId !== undefined ? String(res.commentId) : '');
}
