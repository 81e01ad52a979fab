import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { appendHistory, HISTORY_BRANCH, readHistory, type HistoryEntry } from '../src/diff/history.js';
import { fetchHistory, pushHistory } from '../src/diff/history-remote.js';
import { trendTable } from '../src/diff/trend.js';
import { commitAll, makeRepo, put, sh, tempDir } from './diff-repo.js';

function entry(n: number, over: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    sha: createHash('sha1').update(String(n)).digest('hex'),
    date: `2025-03-${String(n).padStart(2, '0')}T10:00:00Z`,
    images: 100 + n * 10,
    boxes: 500 + n * 7,
    classes: { cat: 10 * n, dog: 5 },
    background: 0.05 + n / 100,
    errors: n % 2,
    warnings: n,
    verdict: n % 2 ? 'fail' : 'pass',
    ...over,
  };
}

/** Everything about the work tree, index and HEAD that plumbing must not change. */
function snapshot(repo: string) {
  return {
    status: sh(repo, 'status', '--porcelain=v1', '--untracked-files=all'),
    index: createHash('sha1').update(readFileSync(path.join(repo, '.git', 'index'))).digest('hex'),
    head: sh(repo, 'rev-parse', 'HEAD'),
    headRef: sh(repo, 'symbolic-ref', 'HEAD'),
    files: sh(repo, 'ls-files', '-s'),
    edited: readFileSync(path.join(repo, 'ds/labels.txt'), 'utf8'),
  };
}

test('history: append and read back through plumbing only; work tree, index and HEAD untouched', async () => {
  const repo = makeRepo();
  put(repo, 'ds/labels.txt', 'committed');
  put(repo, 'ds/staged.txt', 'committed');
  commitAll(repo, 'base');
  writeFileSync(path.join(repo, 'ds/labels.txt'), 'edited, not staged');
  writeFileSync(path.join(repo, 'ds/staged.txt'), 'staged');
  sh(repo, 'add', 'ds/staged.txt');
  put(repo, 'ds/untracked.txt', 'untracked');
  const before = snapshot(repo);

  assert.deepEqual(await readHistory(repo), []);
  const { commit: c1 } = await appendHistory(repo, entry(1));
  await appendHistory(repo, entry(3));
  const { commit: c3 } = await appendHistory(repo, entry(2));
  // the same commit summarised again replaces its entry
  await appendHistory(repo, entry(3, { errors: 0, verdict: 'pass' }));

  assert.deepEqual(snapshot(repo), before);
  assert.equal(sh(repo, 'rev-parse', `refs/heads/${HISTORY_BRANCH}~3`).trim(), c1);
  assert.equal(sh(repo, 'rev-parse', `refs/heads/${HISTORY_BRANCH}~1`).trim(), c3);
  assert.deepEqual(sh(repo, 'ls-tree', '--name-only', HISTORY_BRANCH).trim(), 'history.jsonl');
  const lines = sh(repo, 'show', `${HISTORY_BRANCH}:history.jsonl`).trim().split('\n');
  assert.equal(lines.length, 3);
  assert.deepEqual(JSON.parse(lines[0]!), entry(1));

  const h = await readHistory(repo);
  assert.deepEqual(h, [entry(1), entry(2), entry(3, { errors: 0, verdict: 'pass' })]);

  // keep drops the oldest
  await appendHistory(repo, entry(4), { keep: 2 });
  assert.deepEqual((await readHistory(repo)).map((e) => e.images), [entry(3).images, entry(4).images]);
  assert.deepEqual(snapshot(repo), before);

  // a damaged line is skipped, the rest still read
  const bad = sh(repo, 'show', `${HISTORY_BRANCH}:history.jsonl`) + '{"sha": "not json\n' + JSON.stringify({ sha: 'abcdefgh' }) + '\n';
  const b = gitIn(repo, bad, 'hash-object', '-w', '--stdin');
  const tree = gitIn(repo, `100644 blob ${b}\thistory.jsonl\n`, 'mktree');
  const c = sh(repo, 'commit-tree', tree, '-m', 'damaged').trim();
  sh(repo, 'update-ref', `refs/heads/${HISTORY_BRANCH}`, c);
  assert.equal((await readHistory(repo)).length, 2);

  // the branch checked out is refused, and a bad entry is refused
  sh(repo, 'checkout', '-q', '-b', 'other');
  await assert.rejects(appendHistory(repo, entry(5), { branch: 'other' }), /checked-out branch/);
  await assert.rejects(appendHistory(repo, { ...entry(5), verdict: 'maybe' } as unknown as HistoryEntry));
});

function gitIn(repo: string, input: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, input, encoding: 'utf8' }).trim();
}

test('history: push to origin; a concurrent push is merged and retried once; reading origin/<branch>', async () => {
  const base = tempDir('dqc-hist-push-');
  const origin = path.join(base, 'origin.git');
  sh(base, 'init', '-q', '--bare', '-b', 'main', origin);
  const seed = makeRepo();
  put(seed, 'README.md', 'seed');
  commitAll(seed, 'seed');
  sh(seed, 'push', '-q', origin, 'main');
  const a = path.join(base, 'a');
  const b = path.join(base, 'b');
  sh(base, 'clone', '-q', origin, a);
  sh(base, 'clone', '-q', origin, b);

  assert.equal(await fetchHistory(a), false);
  await appendHistory(a, entry(1));
  assert.deepEqual(await pushHistory(a), { commit: sh(a, 'rev-parse', HISTORY_BRANCH).trim(), retried: false });

  assert.equal(await fetchHistory(b), true);
  assert.deepEqual(await readHistory(b), []);
  assert.deepEqual(await readHistory(b, { remote: true }), [entry(1)]);
  await appendHistory(b, entry(2)); // continues origin's line
  assert.equal((await pushHistory(b)).retried, false);

  // a did not fetch: its append builds on its stale line, the push is rejected, merged, retried
  await appendHistory(a, entry(3));
  const pushed = await pushHistory(a);
  assert.equal(pushed.retried, true);
  const remoteHead = sh(origin, 'rev-parse', `refs/heads/${HISTORY_BRANCH}`).trim();
  assert.equal(remoteHead, pushed.commit);
  assert.deepEqual(
    sh(origin, 'show', `${HISTORY_BRANCH}:history.jsonl`).trim().split('\n').map((l) => JSON.parse(l).sha),
    [entry(1).sha, entry(2).sha, entry(3).sha],
  );
  // fast-forward of what b pushed: nothing b wrote is lost
  sh(origin, 'merge-base', '--is-ancestor', sh(b, 'rev-parse', HISTORY_BRANCH).trim(), remoteHead);

  // a token never appears in an error message
  sh(a, 'remote', 'set-url', 'origin', path.join(base, 'missing.git'));
  await assert.rejects(pushHistory(a, HISTORY_BRANCH, 'sekrit-token-123'), (e: Error) => !e.message.includes('sekrit-token-123') && !e.message.includes(Buffer.from('x-access-token:sekrit-token-123').toString('base64')));
});

test('history over HTTP: the token replaces the header actions/checkout persisted (one Authorization header)', async () => {
  const seen: string[][] = [];
  const server = http.createServer((req, res) => {
    const auth: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) if (/^authorization$/i.test(req.rawHeaders[i]!)) auth.push(req.rawHeaders[i + 1]!);
    seen.push(auth);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const repo = makeRepo();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sh(repo, 'remote', 'add', 'origin', `${url}/o/r.git`);
    sh(repo, 'config', `http.${url}/.extraheader`, 'AUTHORIZATION: basic OLD');
    await assert.rejects(fetchHistory(repo, HISTORY_BRANCH, 'tok-1'));
    const expected = `basic ${Buffer.from('x-access-token:tok-1').toString('base64')}`;
    assert.ok(seen.length > 0);
    for (const h of seen) assert.deepEqual(h, [expected]);
    // without a token the persisted header is used as is
    seen.length = 0;
    await assert.rejects(fetchHistory(repo));
    assert.deepEqual(seen[0], ['basic OLD']);
  } finally {
    server.close();
  }
});

test('trendTable: the last N entries, oldest first, with deltas', () => {
  const rows = trendTable([entry(1), entry(2), entry(3), entry(4)], 3);
  assert.deepEqual(rows.map((r) => r.sha), [entry(2).sha.slice(0, 7), entry(3).sha.slice(0, 7), entry(4).sha.slice(0, 7)]);
  assert.deepEqual(rows[0], {
    sha: entry(2).sha.slice(0, 7),
    date: '2025-03-02',
    images: 120,
    imagesDelta: 10,
    boxes: 514,
    boxesDelta: 7,
    classes: 2,
    backgroundPct: 7,
    errors: 0,
    warnings: 2,
    verdict: 'pass',
  });
  assert.equal(trendTable([entry(1)])[0]!.imagesDelta, undefined);
  assert.deepEqual(trendTable([]), []);
});
