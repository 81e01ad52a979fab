/** Check run with annotations (batches of 50) against the fake REST server; findings → annotations. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { annotationRoute, emitWorkflowCommands, repoPath, toAnnotations } from '../src/action/annotations.js';
import { publishCheckRun } from '../src/action/check-run.js';
import { createGitHubApi, PermissionError, safely, verifyPullHead, type CheckAnnotation, type GitHubApi } from '../src/action/github-api.js';
import { finding } from '../src/findings.js';
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.js';

const HEAD = 'c'.repeat(40);
let gh: FakeGitHub;
let api: GitHubApi;

before(async () => {
  gh = await startFakeGitHub();
  api = createGitHubApi({ token: 't', apiUrl: gh.url });
});
after(() => gh.close());
beforeEach(() => {
  gh.state.requests = [];
  gh.state.checkRuns = [];
  gh.state.forbidWrites = false;
});

const ann = (i: number, level: CheckAnnotation['annotation_level'] = 'warning'): CheckAnnotation => ({
  path: `data/labels/train/img_${i}.txt`,
  start_line: i + 1,
  end_line: i + 1,
  annotation_level: level,
  message: `Box ${i} is tiny.`,
  title: 'dataset-qc box/tiny',
});

describe('check run', () => {
  test('120 annotations → 1 POST (50) + 2 PATCH (50, 20), all kept in order', async () => {
    const list = Array.from({ length: 120 }, (_, i) => ann(i));
    const r = await publishCheckRun(api, { owner: 'acme', repo: 'data', headSha: HEAD, name: 'dataset-qc', conclusion: 'failure', title: '2 errors', summary: 'summary', annotations: list });
    assert.deepEqual({ annotations: r.annotations, dropped: r.dropped, requests: r.requests }, { annotations: 120, dropped: 0, requests: 3 });
    const posts = gh.state.requestsTo('POST', /\/check-runs$/);
    const patches = gh.state.requestsTo('PATCH', /\/check-runs\/\d+$/);
    assert.equal(posts.length, 1);
    assert.equal(patches.length, 2);
    const sizes = [...posts, ...patches].map((q) => (q.body as { output: { annotations: unknown[] } }).output.annotations.length);
    assert.deepEqual(sizes, [50, 50, 20]);
    assert.ok([...posts, ...patches].every((q) => q.status < 300));
    const run = gh.state.checkRuns[0]!;
    assert.equal(run.id, r.id);
    assert.equal(run.head_sha, HEAD);
    assert.equal(run.conclusion, 'failure');
    assert.equal(run.status, 'completed');
    assert.deepEqual(
      run.annotations.map((a) => a.start_line),
      list.map((a) => a.start_line),
    );
  });

  test('the fake enforces 50 per request (so the batching above is meaningful)', async () => {
    await assert.rejects(
      api.createCheckRun('acme', 'data', { name: 'x', head_sha: HEAD, status: 'completed', conclusion: 'success', output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, (_, i) => ann(i)) } }),
      /HTTP 422.*Only 50 annotations/,
    );
  });

  test('summary over 65,535 is trimmed with a notice; long titles cut to 255; maxAnnotations drops the rest', async () => {
    const summary = Array.from({ length: 5000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`).join('\n');
    assert.ok(summary.length > 65_535);
    const long = { ...ann(1), title: 't'.repeat(300) };
    const r = await publishCheckRun(api, {
      owner: 'acme',
      repo: 'data',
      headSha: HEAD,
      name: 'dataset-qc',
      conclusion: 'success',
      title: 'ok',
      summary,
      annotations: [long, ann(2), ann(3)],
      maxAnnotations: 2,
      runUrl: 'https://github.com/acme/data/actions/runs/9',
    });
    assert.equal(r.dropped, 1);
    const run = gh.state.checkRuns[0]!;
    assert.ok(run.output.summary!.length <= 65_535);
    assert.match(run.output.summary!, /trimmed.*\[job summary\]\(https:\/\/github\.com\/acme\/data\/actions\/runs\/9\)/);
    assert.equal(run.annotations.length, 2);
    assert.equal(run.annotations[0]!.title!.length, 255);
  });

  test('403 → PermissionError; safely() warns and goes on', async () => {
    gh.state.forbidWrites = true;
    const o = { owner: 'acme', repo: 'data', headSha: HEAD, name: 'dataset-qc', conclusion: 'failure' as const, title: 't', summary: 's', annotations: [ann(1)] };
    await assert.rejects(publishCheckRun(api, o), PermissionError);
    const warnings: string[] = [];
    assert.equal(await safely('create the check run', () => publishCheckRun(api, o), { warning: (m) => warnings.push(m) }), undefined);
    assert.match(warnings[0]!, /Could not create the check run: .*403.*Resource not accessible by integration[\s\S]*post-report/);
  });

  test('verifyPullHead: the PR named by an uploaded report must have that head', async () => {
    gh.state.pulls.set(12, { head: { sha: HEAD }, base: { sha: 'd'.repeat(40), ref: 'main' } });
    assert.equal(await verifyPullHead(api, 'acme', 'data', 12, HEAD), true);
    assert.equal(await verifyPullHead(api, 'acme', 'data', 12, 'e'.repeat(40)), false);
  });
});

describe('annotations', () => {
  const findings = [
    finding({ check: 'label/parse', severity: 'error', message: 'Line has 4 fields, 5 expected.', path: 'labels/train/a.txt', line: 3, key: 'l3' }),
    finding({ check: 'box/tiny', severity: 'warning', message: 'Box 2 is 1×1 px.', path: 'labels/train/b.txt', line: 2, key: '2' }),
    finding({ check: 'box/tiny', severity: 'info', message: 'fyi', path: 'labels/train/a.txt', line: 1, key: '0' }),
    finding({ check: 'image/unlabeled', severity: 'warning', message: 'No label file.', path: 'images/train/c.jpg', key: '' }),
    { ...finding({ check: 'box/tiny', severity: 'error', message: 'waived', path: 'labels/train/a.txt', line: 9, key: '8' }), waived: { reason: 'ok' } },
    finding({ check: 'dup/near', severity: 'error', message: 'Near duplicate.', path: 'labels/val/z.txt', line: 1, key: 'z', related: ['labels/train/a.txt'] }),
  ];

  test('repo-relative paths, only changed files, levels mapped, waived and info left out', () => {
    const changed = new Set(['data/yolo/labels/train/a.txt', 'data/yolo/labels/train/b.txt', 'data/yolo/labels/val/z.txt']);
    const out = toAnnotations(findings, { datasetDir: 'data/yolo', changedFiles: changed });
    assert.deepEqual(
      out.map((a) => [a.path, a.start_line, a.annotation_level, a.title]),
      [
        ['data/yolo/labels/train/a.txt', 3, 'failure', 'dataset-qc label/parse'],
        ['data/yolo/labels/train/b.txt', 2, 'warning', 'dataset-qc box/tiny'],
        ['data/yolo/labels/val/z.txt', 1, 'failure', 'dataset-qc dup/near'],
      ],
    );
    assert.match(out[2]!.raw_details!, /labels\/train\/a\.txt/);
    assert.equal(toAnnotations(findings, { datasetDir: '.', includeInfo: true }).length, 5);
    assert.equal(repoPath('', 'labels/a.txt'), 'labels/a.txt');
    assert.equal(repoPath('./ds/', 'x/../labels/a.txt'), 'ds/labels/a.txt');
  });

  test('route: workflow commands while ≤ 10 per level, a check run beyond', () => {
    assert.equal(annotationRoute([]), 'none');
    const ten = Array.from({ length: 10 }, (_, i) => ann(i, 'failure'));
    assert.equal(annotationRoute([...ten, ...Array.from({ length: 10 }, (_, i) => ann(i))]), 'commands');
    assert.equal(annotationRoute([...ten, ann(11, 'failure')]), 'check-run');
    assert.equal(annotationRoute(ten, 9), 'check-run');
  });

  test('workflow commands carry file, line and title (real @actions/core output, captured)', () => {
    const written: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      emitWorkflowCommands([ann(4, 'failure'), ann(5, 'warning'), ann(6, 'notice')]);
    } finally {
      process.stdout.write = orig;
    }
    const lines = written.join('').trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^::error title=dataset-qc box\/tiny,file=data\/labels\/train\/img_4\.txt,line=5,endLine=5::Box 4 is tiny\.$/);
    assert.match(lines[1]!, /^::warning .*line=6.*::Box 5 is tiny\.$/);
    assert.match(lines[2]!, /^::notice .*line=7.*::Box 6 is tiny\.$/);
  });
});
