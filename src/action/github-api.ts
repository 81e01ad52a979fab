/**
 * A thin GitHub REST client: the few endpoints the action uses, behind an interface so the
 * comment and check-run logic can be tested against a fake server. Built on @actions/github's
 * getOctokit with the API URL taken from the env object given (not the one read at import).
 * Errors are classified: a read-only token (fork PRs) becomes a PermissionError.
 */
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { classifyError, GitHubApiError, PermissionError } from './github-errors.js';

export { classifyError, GitHubApiError, PermissionError };

export interface CommentUser {
  login: string;
  type: string;
}

export interface IssueComment {
  id: number;
  body: string;
  user: CommentUser | null;
  html_url?: string;
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface CreateCheckRun {
  name: string;
  head_sha: string;
  status: 'completed' | 'in_progress' | 'queued';
  conclusion?: CheckConclusion;
  details_url?: string;
  external_id?: string;
  output: CheckOutput;
}

export interface GitHubApi {
  /** pages of the PR's comments, oldest first, 100 per page, following Link rel=next */
  listIssueComments(owner: string, repo: string, issue: number): AsyncIterable<IssueComment[]>;
  createIssueComment(owner: string, repo: string, issue: number, body: string): Promise<IssueComment>;
  updateIssueComment(owner: string, repo: string, id: number, body: string): Promise<IssueComment>;
  /** login of the token's user; undefined when the token may not ask (GITHUB_TOKEN answers 403) */
  viewerLogin(): Promise<string | undefined>;
  createCheckRun(owner: string, repo: string, run: CreateCheckRun): Promise<{ id: number; html_url?: string }>;
  updateCheckRun(owner: string, repo: string, id: number, patch: { output: CheckOutput }): Promise<{ id: number }>;
  /** head and base of a pull request */
  getPull(owner: string, repo: string, n: number): Promise<{ headSha: string; baseSha: string; baseRef: string }>;
}

async function call<T>(what: string, write: boolean, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classifyError(err, what, write);
  }
}

export interface GitHubApiOptions {
  token: string;
  /** GITHUB_API_URL of the env given; default https://api.github.com */
  apiUrl?: string;
  env?: NodeJS.ProcessEnv;
}

export function createGitHubApi(opts: GitHubApiOptions): GitHubApi {
  const env = opts.env ?? process.env;
  const apiUrl = (opts.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  // @actions/github builds its proxy-aware fetch for the API URL it saw at import; for any other
  // URL (a test server on 127.0.0.1) use plain fetch instead of that dispatcher.
  const importUrl = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const octokit = getOctokit(opts.token, apiUrl === importUrl ? { baseUrl: apiUrl } : { baseUrl: apiUrl, request: {} });
  let viewer: Promise<string | undefined> | undefined;

  return {
    async *listIssueComments(owner, repo, issue) {
      const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: issue, per_page: 100 });
      try {
        for await (const page of pages) {
          yield page.data.map((c) => ({ id: c.id, body: c.body ?? '', user: c.user ? { login: c.user.login, type: c.user.type } : null, html_url: c.html_url }));
        }
      } catch (err) {
        throw classifyError(err, `listing the comments of #${issue}`, false);
      }
    },
    createIssueComment: (owner, repo, issue, body) =>
      call(`creating a comment on #${issue}`, true, async () => {
        const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body });
        return { id: data.id, body: data.body ?? '', user: data.user ? { login: data.user.login, type: data.user.type } : null, html_url: data.html_url };
      }),
    updateIssueComment: (owner, repo, id, body) =>
      // a 404 here means the comment was deleted meanwhile (the caller recreates it)
      call(`updating comment ${id}`, false, async () => {
        const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body });
        return { id: data.id, body: data.body ?? '', user: data.user ? { login: data.user.login, type: data.user.type } : null, html_url: data.html_url };
      }),
    viewerLogin() {
      viewer ??= octokit.rest.users.getAuthenticated().then(
        (r) => r.data.login,
        () => undefined,
      );
      return viewer;
    },
    createCheckRun: (owner, repo, run) =>
      call(`creating check run '${run.name}'`, true, async () => {
        const { data } = await octokit.rest.checks.create({ owner, repo, ...run });
        return { id: data.id, html_url: data.html_url ?? undefined };
      }),
    updateCheckRun: (owner, repo, id, patch) =>
      call(`updating check run ${id}`, true, async () => {
        const { data } = await octokit.rest.checks.update({ owner, repo, check_run_id: id, ...patch });
        return { id: data.id };
      }),
    getPull: (owner, repo, n) =>
      call(`reading pull request #${n}`, false, async () => {
        const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: n });
        return { headSha: data.head.sha, baseSha: data.base.sha, baseRef: data.base.ref };
      }),
  };
}

/**
 * In `post-report` mode the PR number may come from an uploaded (untrusted) report: post only
 * when that PR's head really is the commit the workflow run was about.
 */
export async function verifyPullHead(api: GitHubApi, owner: string, repo: string, n: number, headSha: string): Promise<boolean> {
  const pull = await api.getPull(owner, repo, n);
  return pull.headSha === headSha;
}

/** Where the README explains the read-only token of fork PRs. */
export const FORK_RECIPE_HINT =
  "The token is read-only here (pull requests from forks get one). The full report is in the job summary. To get the PR comment and check run on fork PRs, use the two-workflow recipe in the dataset-qc README ('Fork pull requests': a pull_request job uploads report.json, a workflow_run job posts it with `post-report`).";

export interface WarnSink {
  warning(message: string): void;
}

/**
 * Run a GitHub call whose failure must not fail the action: every error becomes a warning
 * (a PermissionError also points to the fork recipe) and undefined is returned.
 */
export async function safely<T>(what: string, fn: () => Promise<T>, log: WarnSink = core): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PermissionError) log.warning(`Could not ${what}: ${err.message}\n${FORK_RECIPE_HINT}`);
    else log.warning(`Could not ${what}: ${(err as Error)?.message ?? String(err)}`);
    return undefined;
  }
}
