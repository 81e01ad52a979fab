/** Temporary git repositories for the diff tests (not a test file itself). */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './helpers/tmp.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const fixture = (name: string) => path.join(repoRoot, 'fixtures', name);

/** Run git in `cwd` (no shell), stdout as text. */
export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
}

export { tempDir };

/** A fresh repository with a user configured; returns its top-level folder (real path). */
export function makeRepo(prefix = 'dqc-git-'): string {
  const dir = tempDir(prefix);
  sh(dir, 'init', '-q', '-b', 'main');
  sh(dir, 'config', 'user.name', 'Test');
  sh(dir, 'config', 'user.email', 'test@example.com');
  sh(dir, 'config', 'commit.gpgsign', 'false');
  return sh(dir, 'rev-parse', '--show-toplevel').trim();
}

export function commitAll(repo: string, msg: string): string {
  sh(repo, 'add', '-A');
  sh(repo, 'commit', '-q', '--allow-empty', '-m', msg);
  return sh(repo, 'rev-parse', 'HEAD').trim();
}

/** Copy a committed fixture into the repository at `dest` (relative). */
export function copyFixture(repo: string, name: string, dest: string): string {
  const to = path.join(repo, dest);
  cpSync(fixture(name), to, { recursive: true });
  return to;
}

export function put(root: string, rel: string, data: string | Buffer): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), data);
}

export function read(root: string, rel: string): string {
  return readFileSync(path.join(root, rel), 'utf8');
}

export function remove(root: string, rel: string): void {
  rmSync(path.join(root, rel), { recursive: true, force: true });
}
