/**
 * One sticky PR comment, edited in place on every push.
 *
 * Ours = first line is exactly the marker (`<!-- dataset-qc:report id=<id> -->`) AND the author
 * is a bot (`github-actions[bot]` for GITHUB_TOKEN, or any user of type Bot, e.g. an app token)
 * or the token's own user (asked once via GET /user, which GITHUB_TOKEN may not call — then only
 * bots count). A person quoting the marker (elsewhere than the first line, or as a User other than
 * the token's) is never taken for ours. All comments are paged through (100 per page, Link
 * rel=next): the newest match is edited, one is created only when none exists (or it was
 * deleted between listing and editing). Never a second one.
 */
import { decodeDigest, sameNumbers, type Digest } from './digest.js';
import { GitHubApiError, type GitHubApi, type IssueComment } from './github-api.js';
import type { CommentMode } from './inputs.js';
import { COMMENT_LIMIT } from './trim.js';

export function commentMarker(id = 'default'): string {
  return `<!-- dataset-qc:report id=${id.replace(/[^A-Za-z0-9._/-]/g, '_')} -->`;
}

const firstLine = (body: string) => body.split(/\r?\n/, 1)[0]!.trim();

export interface FoundComment {
  id: number;
  body: string;
  digest?: Digest;
}

export interface FindOptions {
  owner: string;
  repo: string;
  issue: number;
  marker: string;
}

/** Our existing comment (the newest match), with the digest it carries. */
export async function findStickyComment(api: GitHubApi, o: FindOptions): Promise<FoundComment | undefined> {
  let viewer: string | undefined | null = null; // null: not asked yet
  let found: IssueComment | undefined;
  for await (const page of api.listIssueComments(o.owner, o.repo, o.issue)) {
    for (const c of page) {
      if (firstLine(c.body) !== o.marker || !c.user) continue;
      let ours = c.user.type === 'Bot' || c.user.login === 'github-actions[bot]';
      if (!ours) {
        if (viewer === null) viewer = await api.viewerLogin();
        ours = viewer !== undefined && c.user.login === viewer;
      }
      if (ours) found = c; // oldest first: keep the newest
    }
  }
  return found && { id: found.id, body: found.body, digest: decodeDigest(found.body) };
}

export interface UpsertOptions extends FindOptions {
  body: string;
  mode: CommentMode;
  /** needed by `failures` mode; else taken from the digest in body */
  verdict?: 'pass' | 'fail';
  /** the comment already looked up (null: looked up, none) — saves listing twice */
  existing?: FoundComment | null;
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'skipped';
  id?: number;
  /** why it was skipped */
  reason?: string;
}

export async function upsertComment(api: GitHubApi, o: UpsertOptions): Promise<UpsertResult> {
  if (o.mode === 'off') return { action: 'skipped', reason: 'comment: off' };
  const body = firstLine(o.body) === o.marker ? o.body : `${o.marker}\n${o.body}`;
  if (body.length > COMMENT_LIMIT) throw new RangeError(`comment body is ${body.length} characters, over GitHub's ${COMMENT_LIMIT}: fit it with fitBody() first`);
  const existing = o.existing === undefined ? await findStickyComment(api, o) : (o.existing ?? undefined);
  const digest = decodeDigest(body);

  if (o.mode === 'on-change' && existing?.digest && digest && sameNumbers(existing.digest, digest))
    return { action: 'skipped', id: existing.id, reason: 'the numbers did not change since the last comment' };
  if (o.mode === 'failures' && !existing) {
    const verdict = o.verdict ?? digest?.verdict;
    if (verdict !== 'fail') return { action: 'skipped', reason: 'comment: failures, and the check passed' };
  }

  if (existing) {
    try {
      const c = await api.updateIssueComment(o.owner, o.repo, existing.id, body);
      return { action: 'updated', id: c.id };
    } catch (err) {
      if (!(err instanceof GitHubApiError && err.status === 404)) throw err;
      // deleted between listing and editing: create it again
    }
  }
  const c = await api.createIssueComment(o.owner, o.repo, o.issue, body);
  return { action: 'created', id: c.id };
}
