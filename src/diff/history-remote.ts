/**
 * The history branch on origin: fetched before a run appends to it, pushed after (merging a
 * concurrent run's entries when origin moved on). The token is sent as actions/checkout sends it,
 * and kept out of every error message.
 */
import { git, GitError } from './git.js';
import { entriesAt, HISTORY_BRANCH, localRef, mergeEntries, refSha, remoteRef, writeCommit, type HistoryOptions } from './history.js';

/**
 * `-c` options sending the token as actions/checkout does. An empty value first clears any header
 * actions/checkout persisted for the same server, so that only one Authorization header is sent.
 */
async function authArgs(repo: string, token: string | undefined): Promise<string[]> {
  if (!token) return [];
  const url = (await git(repo, ['config', '--get', 'remote.origin.url']).catch(() => '')).trim();
  const m = /^(https?:\/\/)(?:[^@/]*@)?([^/]+)/i.exec(url);
  const key = m ? `http.${m[1]}${m[2]}/.extraheader` : 'http.extraheader';
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return ['-c', `${key}=`, '-c', `${key}=AUTHORIZATION: basic ${basic}`];
}

function secretsOf(token: string | undefined): string[] {
  return token ? [token, Buffer.from(`x-access-token:${token}`).toString('base64')] : [];
}

/** Fetch origin's history branch into refs/remotes/origin/<branch>; false when origin has none. */
export async function fetchHistory(repo: string, branch: string = HISTORY_BRANCH, token?: string): Promise<boolean> {
  try {
    await git(repo, [...(await authArgs(repo, token)), 'fetch', '--no-tags', '--quiet', 'origin', `+${localRef(branch)}:${remoteRef(branch)}`], { secrets: secretsOf(token) });
    return true;
  } catch (e) {
    if (e instanceof GitError && /couldn't find remote ref|no such ref|not our ref/i.test(e.stderr)) return false;
    throw e;
  }
}

export interface PushResult {
  commit: string;
  /** a concurrent run had pushed first: its entries were merged and the push retried */
  retried: boolean;
}

/**
 * Push the history branch to origin. When origin moved on (another run pushed first), fetch it,
 * rebuild our entries on top of it and push once more.
 */
export async function pushHistory(repo: string, branch: string = HISTORY_BRANCH, token?: string, opts: HistoryOptions = {}): Promise<PushResult> {
  const auth = await authArgs(repo, token);
  const push = () =>
    git(repo, [...auth, 'push', '--quiet', '--porcelain', 'origin', `${localRef(branch)}:${localRef(branch)}`], { secrets: secretsOf(token) });
  const local = await refSha(repo, localRef(branch));
  if (!local) throw new Error(`there is no ${branch} branch to push; append an entry first.`);
  try {
    await push();
    return { commit: local, retried: false };
  } catch (e) {
    if (!(e instanceof GitError) || !/non-fast-forward|fetch first|rejected|stale info/i.test(e.stderr + e.message)) throw e;
  }
  await fetchHistory(repo, branch, token);
  const remote = await refSha(repo, remoteRef(branch));
  const mine = await entriesAt(repo, local);
  const theirs = remote ? await entriesAt(repo, remote) : [];
  const commit = await writeCommit(repo, branch, mergeEntries(theirs, mine), remote, local, { ...opts, branch });
  await push();
  return { commit, retried: true };
}
