/**
 * A per-commit summary of the dataset that outlives cache eviction: JSON Lines in
 * `history.jsonl`, the only file of a dedicated branch (default `dataset-qc-history`).
 * Written with plumbing only (hash-object, mktree, commit-tree, update-ref): the work tree,
 * the index and HEAD are never touched. Fetch and push: history-remote.ts; the trend table: trend.ts.
 */
import { z } from 'zod';
import { git } from './git.js';

export const HISTORY_BRANCH = 'dataset-qc-history';
export const HISTORY_FILE = 'history.jsonl';
export const HISTORY_KEEP = 1000;

const IDENTITY = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

export const historyEntrySchema = z.object({
  /** commit the summary describes */
  sha: z.string().min(7),
  /** ISO date of that commit (or of the run) */
  date: z.string(),
  ref: z.string().optional(),
  images: z.number(),
  boxes: z.number(),
  classes: z.record(z.string(), z.number()),
  /** share of images that are deliberate backgrounds, 0..1 */
  background: z.number(),
  errors: z.number(),
  warnings: z.number(),
  verdict: z.enum(['pass', 'fail']),
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export interface HistoryOptions {
  branch?: string;
  /** entries kept (oldest dropped); default 1000 */
  keep?: number;
  /** committer/author; default github-actions[bot] */
  author?: { name: string; email: string };
}

export const localRef = (branch: string) => `refs/heads/${branch}`;
export const remoteRef = (branch: string) => `refs/remotes/origin/${branch}`;

export async function refSha(repo: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Entries stored in `commit` (bad lines skipped). */
export async function entriesAt(repo: string, commit: string): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await git(repo, ['cat-file', 'blob', `${commit}:${HISTORY_FILE}`]);
  } catch {
    return [];
  }
  return parseHistory(text);
}

export function parseHistory(text: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = historyEntrySchema.safeParse(JSON.parse(line));
      if (r.success) out.push(r.data);
    } catch {
      /* a damaged line is dropped, the rest still count */
    }
  }
  return out;
}

/** Union by sha (a later entry for the same sha replaces the earlier one in place), in date order. */
export function mergeEntries(...lists: HistoryEntry[][]): HistoryEntry[] {
  const bySha = new Map<string, HistoryEntry>();
  for (const l of lists) for (const e of l) bySha.set(e.sha, e);
  return [...bySha.values()].map((e, i) => ({ e, i })).sort((x, y) => cmpDate(x.e.date, y.e.date) || x.i - y.i).map((x) => x.e);
}

function cmpDate(a: string, b: string): number {
  const x = Date.parse(a);
  const y = Date.parse(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return 0;
  return x - y;
}

async function isAncestor(repo: string, a: string, b: string): Promise<boolean> {
  try {
    await git(repo, ['merge-base', '--is-ancestor', a, b]);
    return true;
  } catch {
    return false;
  }
}

/** Write `entries` as a new commit on `parent` and move the branch there (compare-and-swap on `expected`). */
export async function writeCommit(repo: string, branch: string, entries: HistoryEntry[], parent: string | undefined, expected: string | undefined, opts: HistoryOptions): Promise<string> {
  const keep = opts.keep ?? HISTORY_KEEP;
  const kept = entries.slice(Math.max(0, entries.length - keep));
  const body = kept.map((e) => JSON.stringify(e)).join('\n') + '\n';
  const blob = (await git(repo, ['hash-object', '-w', '--stdin'], { input: body })).trim();
  const tree = (await git(repo, ['mktree'], { input: `100644 blob ${blob}\t${HISTORY_FILE}\n` })).trim();
  const who = opts.author ?? IDENTITY;
  const env = { GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email };
  const last = kept[kept.length - 1];
  const msg = `dataset-qc history: ${last ? `${last.sha.slice(0, 12)} ${last.verdict}` : 'empty'} (${kept.length} entries)`;
  const commit = (await git(repo, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', msg], { env })).trim();
  await git(repo, ['update-ref', '-m', 'dataset-qc history', localRef(branch), commit, expected ?? '']);
  return commit;
}

async function assertNotCheckedOut(repo: string, branch: string): Promise<void> {
  const head = await git(repo, ['symbolic-ref', '-q', 'HEAD']).catch(() => '');
  if (head.trim() === localRef(branch)) throw new Error(`${branch} is the checked-out branch; the history must live on a branch of its own.`);
}

/**
 * Add (or replace, for the same sha) one entry on the history branch. Continues from
 * origin/<branch> when that is newer than the local branch (fetch it first: fetchHistory).
 */
export async function appendHistory(repo: string, entry: HistoryEntry, opts: HistoryOptions = {}): Promise<{ commit: string }> {
  const branch = opts.branch ?? HISTORY_BRANCH;
  historyEntrySchema.parse(entry);
  await assertNotCheckedOut(repo, branch);
  const local = await refSha(repo, localRef(branch));
  const remote = await refSha(repo, remoteRef(branch));
  let parent = local;
  let entries = local ? await entriesAt(repo, local) : [];
  if (remote && remote !== local) {
    if (!local || (await isAncestor(repo, local, remote))) {
      parent = remote;
      entries = await entriesAt(repo, remote);
    } else if (!(await isAncestor(repo, remote, local))) {
      // diverged: build on the remote, carrying over what only we have
      parent = remote;
      entries = mergeEntries(await entriesAt(repo, remote), entries);
    }
  }
  const commit = await writeCommit(repo, branch, mergeEntries(entries, [entry]), parent, local, opts);
  return { commit };
}

/** The entries on the branch (and, with remote, on origin/<branch> too), oldest first. */
export async function readHistory(repo: string, opts: { branch?: string; remote?: boolean } = {}): Promise<HistoryEntry[]> {
  const branch = opts.branch ?? HISTORY_BRANCH;
  const lists: HistoryEntry[][] = [];
  const refs = [...(opts.remote ? [remoteRef(branch)] : []), localRef(branch)];
  for (const r of refs) {
    const sha = await refSha(repo, r);
    if (sha) lists.push(await entriesAt(repo, sha));
  }
  return mergeEntries(...lists);
}
