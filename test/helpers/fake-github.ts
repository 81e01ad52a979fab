/**
 * A real HTTP server on 127.0.0.1 (port 0) implementing the GitHub REST endpoints the action
 * uses, with GitHub's limits: issue comments (list with per_page/page and Link headers, create,
 * update, delete; body ≤ 65,536 characters else 422), GET /user, check runs (create, update that
 * appends annotations, ≤ 50 annotations per request else 422, summary ≤ 65,535), GET pulls/:n.
 * `state.forbidWrites` answers writes with 403 "Resource not accessible by integration" (a fork
 * PR's token). Every request is recorded. Reusable from an e2e test that spawns dist/index.js:
 * set GITHUB_API_URL to `url` in the child's env, and spawn ASYNCHRONOUSLY (spawn/execFile, not
 * spawnSync: the server runs in the test's own event loop). Checked: a child with only PATH and
 * GITHUB_API_URL, going through @actions/github's default (proxy-aware) fetch, pages and posts here.
 *
 * Also: actionInputEnv() (INPUT_* with action.yml defaults applied, as the runner does) and
 * parseFileCommand() (reads a GITHUB_OUTPUT file).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface FakeUser {
  login: string;
  type: 'User' | 'Bot';
  id?: number;
}

export interface FakeComment {
  id: number;
  owner: string;
  repo: string;
  issue: number;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
}

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  message: string;
  title?: string;
  raw_details?: string;
}

export interface FakeCheckRun {
  id: number;
  owner: string;
  repo: string;
  name: string;
  head_sha: string;
  status: string;
  conclusion?: string;
  details_url?: string;
  output: { title?: string; summary?: string; text?: string };
  annotations: FakeAnnotation[];
}

export interface RecordedRequest {
  method: string;
  /** path without the query string */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  status: number;
}

export interface FakePull {
  head: { sha: string; ref?: string };
  base: { sha: string; ref: string };
}

export const BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot', id: 41898282 };
export const HUMAN: FakeUser = { login: 'octocat', type: 'User', id: 583231 };

export interface FakeGitHubOptions {
  /** when set, requests must carry `authorization: token <token>` (else 401 Bad credentials) */
  token?: string;
  /** GET /user answers this; undefined → 403 as for GITHUB_TOKEN. Also the author of created comments. */
  viewer?: FakeUser;
  /** answer POST/PATCH/DELETE with 403 "Resource not accessible by integration" */
  forbidWrites?: boolean;
}

export class FakeGitHubState {
  comments: FakeComment[] = [];
  checkRuns: FakeCheckRun[] = [];
  requests: RecordedRequest[] = [];
  pulls = new Map<number, FakePull>();
  forbidWrites: boolean;
  viewer?: FakeUser;
  token?: string;
  private nextId = 1000;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(o: FakeGitHubOptions) {
    this.forbidWrites = !!o.forbidWrites;
    this.viewer = o.viewer;
    this.token = o.token;
  }

  id(): number {
    return ++this.nextId;
  }

  now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  addComment(issue: number, body: string, user: FakeUser = HUMAN, owner = 'acme', repo = 'data'): FakeComment {
    const t = this.now();
    const c: FakeComment = { id: this.id(), owner, repo, issue, body, user, created_at: t, updated_at: t };
    this.comments.push(c);
    return c;
  }

  /** n comments by other users (default: people), so pagination matters */
  seedComments(issue: number, n: number, user: FakeUser = HUMAN, owner = 'acme', repo = 'data'): void {
    for (let i = 0; i < n; i++) this.addComment(issue, `Comment ${i + 1} by ${user.login}.`, user, owner, repo);
  }

  commentsOn(issue: number, owner = 'acme', repo = 'data'): FakeComment[] {
    return this.comments.filter((c) => c.issue === issue && c.owner === owner && c.repo === repo);
  }

  deleteComment(id: number): boolean {
    const i = this.comments.findIndex((c) => c.id === id);
    if (i >= 0) this.comments.splice(i, 1);
    return i >= 0;
  }

  requestsTo(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path));
  }
}

export interface FakeGitHub {
  /** http://127.0.0.1:<port> — use as GITHUB_API_URL */
  url: string;
  state: FakeGitHubState;
  close(): Promise<void>;
}

const COMMENT_MAX = 65_536;
const SUMMARY_MAX = 65_535;
const LEVELS = new Set(['notice', 'warning', 'failure']);

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly data: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

const invalid = (resource: string, field: string, message: string) =>
  new HttpError(422, { message: 'Validation Failed', errors: [{ resource, code: 'custom', field, message }], documentation_url: 'https://docs.github.com/rest' });

const chars = (s: string) => [...s].length;

function commentJson(c: FakeComment, base: string) {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${c.owner}/${c.repo}/issues/${c.issue}`,
    body: c.body,
    user: { login: c.user.login, id: c.user.id ?? 1, type: c.user.type },
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
  };
}

function checkAnnotations(list: unknown): FakeAnnotation[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw invalid('CheckRun', 'annotations', 'annotations must be an array');
  if (list.length > 50) throw invalid('CheckRun', 'annotations', 'Only 50 annotations are allowed per request');
  for (const a of list as FakeAnnotation[]) {
    if (typeof a?.path !== 'string' || !a.path) throw invalid('CheckRun', 'annotations.path', 'path is required');
    if (!Number.isInteger(a.start_line) || !Number.isInteger(a.end_line)) throw invalid('CheckRun', 'annotations.start_line', 'start_line and end_line must be integers');
    if (!LEVELS.has(a.annotation_level)) throw invalid('CheckRun', 'annotations.annotation_level', `annotation_level must be one of ${[...LEVELS].join(', ')}`);
    if (typeof a.message !== 'string' || !a.message) throw invalid('CheckRun', 'annotations.message', 'message is required');
    if (a.title !== undefined && chars(a.title) > 255) throw invalid('CheckRun', 'annotations.title', 'title is too long (maximum is 255 characters)');
  }
  return list as FakeAnnotation[];
}

function checkOutput(o: unknown): { title?: string; summary?: string; text?: string; annotations?: unknown } {
  if (o === undefined) return {};
  const out = o as { title?: string; summary?: string; text?: string; annotations?: unknown };
  if (out.summary !== undefined && chars(out.summary) > SUMMARY_MAX) throw invalid('CheckRun', 'output.summary', 'summary is too long (maximum is 65535 characters)');
  if (out.text !== undefined && chars(out.text) > SUMMARY_MAX) throw invalid('CheckRun', 'output.text', 'text is too long (maximum is 65535 characters)');
  return out;
}

function route(state: FakeGitHubState, base: string, method: string, url: URL, body: any): { status: number; data?: unknown; headers?: Record<string, string> } {
  const p = url.pathname;
  const write = method !== 'GET' && method !== 'HEAD';
  if (write && state.forbidWrites)
    throw new HttpError(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' });

  let m: RegExpExecArray | null;
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(p))) {
    const [, owner, repo, n] = m as unknown as [string, string, string, string];
    const issue = Number(n);
    if (method === 'GET') {
      const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
      const all = state.commentsOn(issue, owner, repo);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (k: number) => {
        const u = new URL(`${base}${p}`);
        u.searchParams.set('per_page', String(perPage));
        u.searchParams.set('page', String(k));
        return u.toString();
      };
      const rels: string[] = [];
      if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`, `<${link(1)}>; rel="first"`);
      if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
      const data = all.slice((page - 1) * perPage, page * perPage).map((c) => commentJson(c, base));
      return { status: 200, data, headers: rels.length ? { link: rels.join(', ') } : {} };
    }
    if (method === 'POST') {
      if (typeof body?.body !== 'string') throw invalid('IssueComment', 'body', 'body is required');
      if (chars(body.body) > COMMENT_MAX) throw invalid('IssueComment', 'body', 'Body is too long (maximum is 65536 characters)');
      const c = state.addComment(issue, body.body, state.viewer ?? BOT, owner, repo);
      return { status: 201, data: commentJson(c, base) };
    }
  }
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(p))) {
    const id = Number(m[3]);
    const c = state.comments.find((x) => x.id === id && x.owner === m![1] && x.repo === m![2]);
    if (!c) throw new HttpError(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    if (method === 'GET') return { status: 200, data: commentJson(c, base) };
    if (method === 'PATCH') {
      if (typeof body?.body !== 'string') throw invalid('IssueComment', 'body', 'body is required');
      if (chars(body.body) > COMMENT_MAX) throw invalid('IssueComment', 'body', 'Body is too long (maximum is 65536 characters)');
      c.body = body.body;
      c.updated_at = state.now();
      return { status: 200, data: commentJson(c, base) };
    }
    if (method === 'DELETE') {
      state.deleteComment(id);
      return { status: 204 };
    }
  }
  if (p === '/user' && method === 'GET') {
    if (!state.viewer) throw new HttpError(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' });
    return { status: 200, data: { login: state.viewer.login, id: state.viewer.id ?? 1, type: state.viewer.type } };
  }
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/check-runs$/.exec(p)) && method === 'POST') {
    if (typeof body?.name !== 'string' || !body.name) throw invalid('CheckRun', 'name', 'name is required');
    if (typeof body?.head_sha !== 'string' || !/^[0-9a-f]{40}$/.test(body.head_sha)) throw invalid('CheckRun', 'head_sha', 'head_sha must be a 40-character commit SHA');
    const output = checkOutput(body.output);
    const annotations = checkAnnotations(output.annotations);
    const run: FakeCheckRun = {
      id: state.id(),
      owner: m[1]!,
      repo: m[2]!,
      name: body.name,
      head_sha: body.head_sha,
      status: body.status ?? 'queued',
      conclusion: body.conclusion,
      details_url: body.details_url,
      output: { title: output.title, summary: output.summary, text: output.text },
      annotations: [...annotations],
    };
    state.checkRuns.push(run);
    return { status: 201, data: checkRunJson(run, base) };
  }
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/.exec(p))) {
    const run = state.checkRuns.find((r) => r.id === Number(m![3]));
    if (!run) throw new HttpError(404, { message: 'Not Found' });
    if (method === 'GET') return { status: 200, data: checkRunJson(run, base) };
    if (method === 'PATCH') {
      const output = checkOutput(body?.output);
      run.annotations.push(...checkAnnotations(output.annotations)); // updates append
      if (output.title !== undefined) run.output.title = output.title;
      if (output.summary !== undefined) run.output.summary = output.summary;
      if (output.text !== undefined) run.output.text = output.text;
      if (body?.status) run.status = body.status;
      if (body?.conclusion) run.conclusion = body.conclusion;
      return { status: 200, data: checkRunJson(run, base) };
    }
  }
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(p)) && method === 'GET') {
    const pull = state.pulls.get(Number(m[3]));
    if (!pull) throw new HttpError(404, { message: 'Not Found' });
    return { status: 200, data: { number: Number(m[3]), state: 'open', head: pull.head, base: pull.base } };
  }
  throw new HttpError(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
}

function checkRunJson(r: FakeCheckRun, base: string) {
  return {
    id: r.id,
    name: r.name,
    head_sha: r.head_sha,
    status: r.status,
    conclusion: r.conclusion ?? null,
    url: `${base}/repos/${r.owner}/${r.repo}/check-runs/${r.id}`,
    html_url: `https://github.com/${r.owner}/${r.repo}/runs/${r.id}`,
    details_url: r.details_url ?? null,
    output: { ...r.output, annotations_count: r.annotations.length },
  };
}

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const state = new FakeGitHubState(opts);
  let base = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const text = Buffer.concat(chunks).toString('utf8');
      const rec: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: undefined,
        status: 0,
      };
      state.requests.push(rec);
      let status: number;
      let data: unknown;
      let headers: Record<string, string> = {};
      try {
        if (text) {
          try {
            rec.body = JSON.parse(text);
          } catch {
            throw new HttpError(400, { message: 'Problems parsing JSON' });
          }
        }
        if (state.token !== undefined && req.headers.authorization !== `token ${state.token}`)
          throw new HttpError(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
        ({ status, data, headers = {} } = route(state, base, rec.method, url, rec.body));
      } catch (e) {
        if (e instanceof HttpError) {
          status = e.status;
          data = e.data;
        } else {
          status = 500; // a bug in the fake: visible in the test, not a crashed process
          data = { message: `fake-github: ${(e as Error)?.stack ?? String(e)}` };
        }
      }
      rec.status = status;
      if (status === 204 || data === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(data));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * INPUT_* variables as the runner sets them: every input of action.yml with its default
 * (`${{ github.token }}` → `token`), then `overrides` (by input name, e.g. { 'fail-on': 'all' }).
 */
export function actionInputEnv(repoRoot: string, overrides: Record<string, string> = {}, token = 'ghs_faketoken'): Record<string, string> {
  const action = parseYaml(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    let v = name in overrides ? overrides[name]! : String(spec.default ?? '');
    v = v.replace(/\$\{\{\s*github\.token\s*\}\}/g, token);
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = v;
  }
  for (const name of Object.keys(overrides)) if (!(name in action.inputs)) throw new Error(`action.yml has no input '${name}'`);
  return env;
}

/** Parse a GITHUB_OUTPUT / GITHUB_ENV file (`name<<delimiter` … `delimiter`, or `name=value`). */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      const k = line.indexOf('=');
      out[line.slice(0, k)] = line.slice(k + 1);
    }
  }
  return out;
}
