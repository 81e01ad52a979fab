/**
 * The run's GitHub context, read from an env object (never at import time): event payload,
 * repository, PR number, base and head commits, URLs. For `pull_request` the head is
 * payload.pull_request.head.sha — GITHUB_SHA is the test merge commit there.
 */
import { readFileSync } from 'node:fs';

export interface ActionContext {
  eventName: string;
  owner: string;
  repo: string;
  /** https://github.com (for links to files at the head SHA) */
  serverUrl: string;
  /** https://api.github.com */
  apiUrl: string;
  /** pull request number, when the event names one */
  prNumber?: number;
  baseSha?: string;
  /** base branch name (no refs/heads/) */
  baseRef?: string;
  /** the commit the report is about: PR head, workflow_run head, or GITHUB_SHA */
  headSha?: string;
  headRef?: string;
  /** GITHUB_SHA as given (for pull_request: the merge commit) */
  sha?: string;
  /** GITHUB_REF as given */
  ref?: string;
  runId?: string;
  runAttempt?: string;
  defaultBranch?: string;
  /** the PR comes from another repository (its token is read-only) */
  fromFork: boolean;
  /** URL of this workflow run, for "full report in the job summary" links */
  runUrl?: string;
  payload: Record<string, unknown>;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function readPayload(file: string | undefined): Json {
  if (!file) return {};
  try {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

export function readActionContext(env: NodeJS.ProcessEnv = process.env): ActionContext {
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  let [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) {
    owner = str(payload.repository?.owner?.login) ?? '';
    repo = str(payload.repository?.name) ?? '';
  }
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const ctx: ActionContext = {
    eventName,
    owner,
    repo,
    serverUrl,
    apiUrl,
    sha: str(env.GITHUB_SHA),
    ref: str(env.GITHUB_REF),
    runId: str(env.GITHUB_RUN_ID),
    runAttempt: str(env.GITHUB_RUN_ATTEMPT),
    defaultBranch: str(payload.repository?.default_branch),
    fromFork: false,
    payload,
  };
  if (ctx.runId && owner && repo) ctx.runUrl = `${serverUrl}/${owner}/${repo}/actions/runs/${ctx.runId}`;

  const pr = payload.pull_request as Json | undefined;
  if (pr && typeof pr === 'object') {
    // pull_request, pull_request_target, pull_request_review…
    ctx.prNumber = num(pr.number) ?? num(payload.number);
    ctx.baseSha = str(pr.base?.sha);
    ctx.baseRef = str(pr.base?.ref) ?? str(env.GITHUB_BASE_REF);
    ctx.headSha = str(pr.head?.sha);
    ctx.headRef = str(pr.head?.ref) ?? str(env.GITHUB_HEAD_REF);
    const headRepo = str(pr.head?.repo?.full_name);
    const baseRepo = str(pr.base?.repo?.full_name);
    ctx.fromFork = !!headRepo && !!baseRepo && headRepo !== baseRepo;
  } else if (eventName === 'workflow_run' && payload.workflow_run) {
    const wr = payload.workflow_run as Json;
    ctx.headSha = str(wr.head_sha);
    ctx.headRef = str(wr.head_branch);
    const first = Array.isArray(wr.pull_requests) ? (wr.pull_requests[0] as Json | undefined) : undefined;
    // GitHub leaves pull_requests empty for PRs from forks: the number then comes from the report
    if (first) {
      ctx.prNumber = num(first.number);
      ctx.baseSha = str(first.base?.sha);
      ctx.baseRef = str(first.base?.ref);
    }
    const headRepo = str(wr.head_repository?.full_name);
    ctx.fromFork = !!headRepo && headRepo !== `${owner}/${repo}`;
  } else {
    // push, schedule, workflow_dispatch: the commit itself
    ctx.headSha = ctx.sha;
    ctx.headRef = ctx.ref?.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : undefined;
    if (eventName === 'push') ctx.baseSha = str(payload.before)?.match(/^0+$/) ? undefined : str(payload.before);
  }
  return ctx;
}

/** Where a report should be posted in `post-report` mode: the PR named by the event, else by the report. */
export interface PostTarget {
  prNumber: number;
  headSha?: string;
  /** where the number came from: the trusted event, or the (untrusted) uploaded report */
  source: 'event' | 'report';
}

/**
 * The report from a fork's job is untrusted: a number taken from it must be checked against the
 * PR's real head (see verifyPullHead in github-api.ts) before posting.
 * `fromReport` is what the report says about its PR (e.g. report.github = { pr, headSha }).
 */
export function postTargetOf(ctx: ActionContext, fromReport?: { pr?: unknown; headSha?: unknown }): PostTarget | undefined {
  if (ctx.prNumber) return { prNumber: ctx.prNumber, headSha: ctx.headSha, source: 'event' };
  const pr = num(fromReport?.pr);
  if (!pr) return undefined;
  return { prNumber: pr, headSha: ctx.headSha ?? str(fromReport?.headSha), source: 'report' };
}

/** Link to a file at a commit: <server>/<owner>/<repo>/blob/<sha>/<path>#L<line>. */
export function fileUrl(ctx: Pick<ActionContext, 'serverUrl' | 'owner' | 'repo'>, sha: string, file: string, line?: number): string {
  const p = file.split('/').map(encodeURIComponent).join('/');
  return `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/blob/${sha}/${p}${line ? `#L${line}` : ''}`;
}
