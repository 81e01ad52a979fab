/**
 * End to end, nothing of ours mocked: `node dist/index.js` spawned the way the runner does it
 * (INPUT_* with action.yml defaults, a pull_request event file, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, an environment built from scratch) in a real git repository with a
 * base commit and head commits of a fixture dataset, against a real HTTP server on 127.0.0.1
 * standing in for the GitHub REST API.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { actionInputEnv, BOT, parseFileCommand, startFakeGitHub, type FakeGitHub } from './helpers/fake-github.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PR = 7;
let tmp: string;
let repo: string;
let gh: FakeGitHub;
let baseSha: string;

const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
const commit = (msg: string) => {
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', msg);
  return git('rev-parse', 'HEAD');
};

interface RunResult {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  report: { scan?: { images: number; decoded: number; fromCache: number }; gate: { verdict: string; reasons: string[] }; findings: { check: string; path?: string }[] };
}

/** Spawn dist/index.js asynchronously (the fake server lives in this event loop). */
async function runAction(headSha: string, inputs: Record<string, string> = {}): Promise<RunResult> {
  const runDir = mkdtempSync(path.join(tmp, 'run-'));
  const event = {
    number: PR,
    pull_request: {
      number: PR,
      head: { sha: headSha, ref: 'feature', repo: { full_name: 'acme/data' } },
      base: { sha: baseSha, ref: 'main', repo: { full_name: 'acme/data' } },
    },
    repository: { name: 'data', owner: { login: 'acme' }, default_branch: 'main' },
  };
  const files = { event: path.join(runDir, 'event.json'), output: path.join(runDir, 'output'), summary: path.join(runDir, 'summary') };
  writeFileSync(files.event, JSON.stringify(event));
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tmp,
    ...actionInputEnv(root, { path: 'data', 'cache-dir': path.join(tmp, 'store'), ...inputs }),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: 'acme/data',
    GITHUB_SHA: headSha,
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_WORKSPACE: repo,
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: runDir,
  };
  const child = spawn(process.execPath, [path.join(root, 'dist/index.js')], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputs = parseFileCommand(readFileSync(files.output, 'utf8'));
  const report = outputs['report-json'] ? JSON.parse(readFileSync(outputs['report-json'], 'utf8')) : undefined;
  return { code, stdout, outputs, summary: readFileSync(files.summary, 'utf8'), report };
}

const botComments = () => gh.state.commentsOn(PR).filter((c) => c.user.type === 'Bot');

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dqc-e2e-'));
  repo = path.join(tmp, 'repo');
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  cpSync(path.join(root, 'fixtures/yolo-demo'), path.join(repo, 'data'), { recursive: true });
  baseSha = commit('base dataset');
  gh = await startFakeGitHub({ viewer: BOT });
  gh.state.seedComments(PR, 35); // more than one page of 30
});

after(async () => {
  await gh?.close();
  rmSync(tmp, { recursive: true, force: true });
});

let headBad: string;
let firstCommentId: number;

test('a PR that adds a cross-split duplicate and pushes val background share out of range fails and says why', async () => {
  const d = path.join(repo, 'data');
  // leakage: a val image copied into train, with its label
  cpSync(path.join(d, 'images/val/val_001.jpg'), path.join(d, 'images/train/train_leak.jpg'));
  cpSync(path.join(d, 'labels/val/val_001.txt'), path.join(d, 'labels/train/train_leak.txt'));
  // background: three new val images with empty label files
  for (let i = 0; i < 3; i++) {
    const img = await sharp({ create: { width: 96, height: 96, channels: 3, background: { r: 40 + 60 * i, g: 200 - 50 * i, b: 90 } } })
      .composite([{ input: Buffer.from(`<svg width="96" height="96"><rect x="${10 + i * 20}" y="20" width="30" height="50" fill="#123"/></svg>`), top: 0, left: 0 }])
      .jpeg()
      .toBuffer();
    writeFileSync(path.join(d, `images/val/bg_${i}.jpg`), img);
    writeFileSync(path.join(d, `labels/val/bg_${i}.txt`), '');
  }
  headBad = commit('add data');
  const r = await runAction(headBad);
  assert.equal(r.code, 1, r.stdout);
  assert.equal(r.outputs.verdict, 'fail');
  assert.ok(r.report.gate.reasons.some((x) => x.startsWith('leak/duplicate')), r.report.gate.reasons.join('\n'));
  assert.ok(r.report.gate.reasons.some((x) => x.startsWith('split/background-share')), r.report.gate.reasons.join('\n'));
  assert.match(r.stdout, /::error::Dataset QC failed:.*leak\/duplicate/s);
  assert.match(r.stdout, /split\/background-share/);
  assert.ok(Number(r.outputs['new-findings']) >= 2);
  assert.ok(Number(r.outputs.findings) >= Number(r.outputs['new-findings']));
  assert.match(readFileSync(r.outputs['report-markdown']!, 'utf8'), /Ready to train: ❌ no/);
  assert.match(r.summary, /# Dataset QC/);
  // every image decoded once: base and head share blob SHAs, the copy has the same bytes
  assert.equal(r.report.scan!.images, 41);
  const comments = botComments();
  assert.equal(comments.length, 1);
  assert.match(comments[0]!.body.split('\n')[0]!, /^<!-- dataset-qc:report id=data -->$/);
  assert.match(comments[0]!.body, /train_leak\.jpg/);
  assert.match(comments[0]!.body, /blob\/[0-9a-f]{40}\/data\//); // links to files at the head SHA
  firstCommentId = comments[0]!.id;
  assert.equal(r.outputs['comment-id'], String(firstCommentId));
});

test('the next push fixes it: the check passes, the same comment is edited, and only unseen images are decoded', async () => {
  const d = path.join(repo, 'data');
  unlinkSync(path.join(d, 'images/train/train_leak.jpg'));
  unlinkSync(path.join(d, 'labels/train/train_leak.txt'));
  for (let i = 0; i < 3; i++) {
    unlinkSync(path.join(d, `images/val/bg_${i}.jpg`));
    unlinkSync(path.join(d, `labels/val/bg_${i}.txt`));
  }
  // one genuinely new image (with a box): the only decode this run needs
  const fresh = await sharp({ create: { width: 120, height: 90, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .composite([{ input: Buffer.from('<svg width="120" height="90"><circle cx="60" cy="45" r="25" fill="#fe3"/></svg>'), top: 0, left: 0 }])
    .png()
    .toBuffer();
  writeFileSync(path.join(d, 'images/train/train_new.png'), fresh);
  writeFileSync(path.join(d, 'labels/train/train_new.txt'), '0 0.5 0.5 0.42 0.56\n');
  const headGood = commit('fix data');
  const r = await runAction(headGood);
  assert.equal(r.code, 0, r.stdout);
  assert.equal(r.outputs.verdict, 'pass');
  assert.deepEqual(r.report.scan, { images: 38, decoded: 1, fromCache: 37 });
  const comments = botComments();
  assert.equal(comments.length, 1, 'no second comment');
  assert.equal(comments[0]!.id, firstCommentId);
  assert.match(comments[0]!.body, /Ready to train: ✅ yes/);
  assert.match(comments[0]!.body, /Since the last report/);
  assert.equal(gh.state.requestsTo('POST', /\/issues\/7\/comments$/).length, 1);
  assert.ok(gh.state.requestsTo('PATCH', /\/issues\/comments\/\d+$/).length >= 1);
});

test('a read-only token (403) gives a warning and the job summary; the exit status comes from the gate only', async () => {
  gh.state.forbidWrites = true;
  git('checkout', '-q', headBad); // the runner checks out the commit under test
  try {
    const before = gh.state.comments.length;
    const r = await runAction(headBad, { comment: 'always' });
    assert.equal(r.code, 1, r.stdout); // the gate fails (leakage), not the 403
    assert.match(r.stdout, /::warning::Could not post the QC comment/);
    assert.match(r.stdout, /Resource not accessible by integration|read-only/);
    assert.doesNotMatch(r.stdout, /internal error/);
    assert.match(r.summary, /# Dataset QC/);
    assert.equal(gh.state.comments.length, before);
  } finally {
    gh.state.forbidWrites = false;
    git('checkout', '-q', 'main');
  }
});

test('an oversized report is fitted under 65,536 characters, not rejected', async () => {
  const d = path.join(repo, 'data');
  const names = Array.from({ length: 4000 }, (_, i) => `  ${i}: class_with_a_rather_long_descriptive_name_${i}`).join('\n');
  writeFileSync(path.join(d, 'data.yaml'), `path: .\ntrain: images/train\nval: images/val\nnames:\n${names}\n`);
  const big = commit('many classes');
  const r = await runAction(big, { comment: 'always', 'fail-on': 'never' });
  assert.equal(r.code, 0, r.stdout);
  assert.ok(readFileSync(r.outputs['report-markdown']!, 'utf8').length > 65_536, 'the full report is over the limit');
  const comments = botComments();
  assert.equal(comments.length, 1);
  assert.ok(comments[0]!.body.length <= 65_536);
  assert.ok(comments[0]!.body.includes('more classes') || comments[0]!.body.includes('trimmed'), 'detail dropped or trimmed with a notice');
  assert.ok(r.summary.length > 65_536, 'the job summary keeps the full report');
});
