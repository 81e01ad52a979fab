/** scripts/action-docs.ts keeps the README's inputs/outputs tables in sync with action.yml. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { parse as parseYaml } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = path.join(root, 'scripts', 'action-docs.ts');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dqc-docs-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, encoding: 'utf8' });

const MARKED = '# x\n\n## Inputs\n\n<!-- action-inputs:start -->\nold\n<!-- action-inputs:end -->\n\n## Outputs\n\n<!-- action-outputs:start -->\n<!-- action-outputs:end -->\n\nTail.\n';

test('writes both tables between the markers; --check then passes; an edited action.yml makes it stale', () => {
  const readme = path.join(tmp, 'README.md');
  const action = path.join(tmp, 'action.yml');
  writeFileSync(readme, MARKED);
  copyFileSync(path.join(root, 'action.yml'), action);

  const stale = run('--check', '--readme', readme, '--action', action);
  assert.equal(stale.status, 1);
  assert.match(stale.stderr, /out of date/);

  assert.equal(run('--readme', readme, '--action', action).status, 0);
  const text = readFileSync(readme, 'utf8');
  const inputs = Object.keys((parseYaml(readFileSync(action, 'utf8')) as { inputs: object }).inputs);
  for (const name of inputs) assert.match(text, new RegExp(`\\| \`${name}\` +\\|`), `row for ${name}`);
  assert.match(text, /\| `github-token` +\|[^\n]*\| `\$\{\{ github\.token \}\}` +\|/);
  assert.match(text, /\| `comment-id` +\|/);
  assert.doesNotMatch(text, /\nold\n/);
  assert.ok(text.endsWith('\nTail.\n'));
  assert.equal(run('--check', '--readme', readme, '--action', action).status, 0);

  writeFileSync(action, readFileSync(action, 'utf8').replace("default: 'on-change'", "default: 'always'"));
  assert.equal(run('--check', '--readme', readme, '--action', action).status, 1);
});

test('a README without markers: --check says so and exits 1', () => {
  const readme = path.join(tmp, 'plain.md');
  writeFileSync(readme, '# no markers\n');
  const r = run('--check', '--readme', readme);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /has no <!-- action-inputs:start -->/);
});

const hasMarkers = existsSync(path.join(root, 'README.md')) && readFileSync(path.join(root, 'README.md'), 'utf8').includes('<!-- action-inputs:start -->');
test('the repository README is in sync with action.yml', { skip: !hasMarkers && 'README.md has no action-inputs markers yet' }, () => {
  execFileSync(process.execPath, ['--import', 'tsx', script, '--check'], { cwd: root, stdio: 'pipe' });
});
