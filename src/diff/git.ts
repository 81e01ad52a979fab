/**
 * Thin wrappers over the git CLI: execFile (no shell), NUL-separated (-z) output, literal
 * pathspecs. `repo` is the top-level folder of the work tree (gitTopLevel gives it); `prefix`
 * arguments are folders relative to it ('' = the whole tree) or absolute paths inside it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../options.js';

const MAX_BUFFER = 1 << 30;

export class GitError extends Error {
  override name = 'GitError';
  constructor(
    message: string,
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export interface GitRunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** strings in args/stderr replaced by *** in error messages (tokens) */
  secrets?: string[];
}

/** Run git in `cwd`; resolves with stdout as a Buffer, rejects with a GitError. */
export function gitBuffer(cwd: string, args: string[], opts: GitRunOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd, encoding: 'buffer', maxBuffer: MAX_BUFFER, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...opts.env } },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const redact = (s: string) => (opts.secrets ?? []).reduce((t, sec) => (sec ? t.split(sec).join('***') : t), s);
        const errText = redact(stderr.toString('utf8').trim());
        const code = typeof err.code === 'number' ? err.code : null;
        const shown = redact(args.join(' '));
        reject(new GitError(`git ${shown} failed${code !== null ? ` (exit ${code})` : ''}: ${errText || err.message}`, args.map(redact), code, errText));
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

export async function git(cwd: string, args: string[], opts: GitRunOptions = {}): Promise<string> {
  return (await gitBuffer(cwd, args, opts)).toString('utf8');
}

/** Split -z output into records (the trailing empty record dropped). */
export function splitZ(out: string): string[] {
  const parts = out.split('\0');
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Top-level folder of the git work tree holding `cwd`; a UsageError when there is none. */
export async function gitTopLevel(cwd: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch (e) {
    throw new UsageError(`${cwd} is not inside a git repository (${(e as GitError).stderr || (e as Error).message}). Run from a clone of the repository.`);
  }
}

export async function isShallow(repo: string): Promise<boolean> {
  return (await git(repo, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}

/**
 * Full SHA of the commit `rev` names. When it is not in the clone, a UsageError that says how
 * to get it: for a shallow clone, fetch-depth: 0 on actions/checkout.
 */
export async function resolveRev(repo: string, rev: string): Promise<string> {
  if (!rev || rev.startsWith('-')) throw new UsageError(`"${rev}" is not a git revision.`);
  // a full SHA names one commit for good: asked once per process (the prefetch and the read both ask)
  if (!/^[0-9a-f]{40,64}$/.test(rev)) return lookUpRev(repo, rev);
  const key = `${repo}\0${rev}`;
  let p = commits.get(key);
  if (!p) {
    commits.set(key, (p = lookUpRev(repo, rev)));
    p.catch(() => commits.delete(key)); // asked again next time
  }
  return p;
}

const commits = new Map<string, Promise<string>>();

async function lookUpRev(repo: string, rev: string): Promise<string> {
  try {
    return (await git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim();
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
  }
  if (await isShallow(repo).catch(() => false)) {
    throw new UsageError(
      `base commit ${rev} is not in this clone, which is shallow: set \`fetch-depth: 0\` on actions/checkout (or fetch the base ref, e.g. \`git fetch --deepen=50 origin ${rev}\`).`,
    );
  }
  throw new UsageError(`revision ${rev} is not in this repository: fetch it first (e.g. \`git fetch origin ${rev}\`), or check the name.`);
}

/** Best common ancestor of a and b; undefined for unrelated histories; a UsageError when the clone is too shallow to tell. */
export async function mergeBase(repo: string, a: string, b: string): Promise<string | undefined> {
  try {
    return (await git(repo, ['merge-base', '--end-of-options', a, b])).trim() || undefined;
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    if (await isShallow(repo).catch(() => false)) {
      throw new UsageError(`the common ancestor of ${a} and ${b} is not in this clone, which is shallow: set \`fetch-depth: 0\` on actions/checkout.`);
    }
    if (e.exitCode === 1 && !e.stderr) return undefined;
    throw e;
  }
}

/** Repo-relative POSIX prefix ('' for the top) of a folder given relative to `repo` or absolute. */
export function repoPrefix(repo: string, prefix: string): string {
  if (!path.isAbsolute(prefix)) return prefix.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '');
  let rel = path.relative(repo, prefix);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    // tmp folders behind symlinks (/tmp → /private/tmp): compare real paths
    const real = (p: string) => {
      try {
        return realpathSync(p);
      } catch {
        return p;
      }
    };
    rel = path.relative(real(repo), real(prefix));
  }
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UsageError(`${prefix} is not inside the git work tree ${repo}.`);
  return rel.split(path.sep).join('/');
}

/** The git blob SHA-1 of some bytes (what `git hash-object` prints): a content hash that matches the tree's. */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

export { CatFile, catBlobs } from './cat-file.js';
