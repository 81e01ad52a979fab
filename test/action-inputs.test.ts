/** Action inputs (defaults from action.yml, validation messages, parity with @actions/core) and event context. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import * as core from '@actions/core';
import { parse as parseYaml } from 'yaml';
import { fileUrl, postTargetOf, readActionContext } from '../src/action/context.js';
import { ACTION_INPUT_DEFAULTS, getInputFrom, readActionInputs, toRunOptions } from '../src/action/inputs.js';
import { runOptionsSchema, UsageError } from '../src/options.js';
import { actionInputEnv, parseFileCommand } from './helpers/fake-github.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dqc-inputs-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('inputs', () => {
  test('ACTION_INPUT_DEFAULTS is exactly the inputs and defaults of action.yml', () => {
    const action = parseYaml(readFileSync(path.join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }>; runs: { using: string; main: string } };
    assert.deepEqual(Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default])), ACTION_INPUT_DEFAULTS);
    assert.deepEqual(action.runs, { using: 'node24', main: 'dist/index.js' });
  });

  test('the runner-style env with action.yml defaults gives the documented options', () => {
    const o = readActionInputs({ ...actionInputEnv(root, {}, 'ghs_abc'), RUNNER_TEMP: '/runner/tmp' });
    assert.deepEqual(o, {
      path: '.',
      config: undefined,
      baseRef: undefined,
      token: 'ghs_abc',
      comment: 'on-change',
      failOn: 'new',
      cache: true,
      cacheDir: path.join('/runner/tmp', 'dataset-qc-cache'),
      groupBy: undefined,
      history: false,
      labelsOnly: false,
      postReport: undefined,
    });
  });

  test('missing inputs take the action.yml defaults too (local runs); values are trimmed', () => {
    const o = readActionInputs({ 'INPUT_FAIL-ON': ' all ', INPUT_HISTORY: 'TRUE', 'INPUT_CACHE-DIR': '/c', INPUT_PATH: 'data/coco', 'INPUT_GROUP-BY': '^(\\w+)/' });
    assert.equal(o.failOn, 'all');
    assert.equal(o.history, true);
    assert.equal(o.cache, true);
    assert.equal(o.comment, 'on-change');
    assert.equal(o.cacheDir, '/c');
    assert.equal(o.token, undefined);
    const run = toRunOptions(o);
    assert.deepEqual(runOptionsSchema.parse(run), run);
    assert.equal(run.path, 'data/coco');
    assert.equal(run.groupBy, '^(\\w+)/');
    assert.equal(run.cacheDir, '/c');
    assert.equal(run.reportFormat, 'both');
  });

  test('an invalid comment mode names the input and lists the valid values', () => {
    assert.throws(
      () => readActionInputs({ INPUT_COMMENT: 'sometimes' }),
      (e: unknown) => e instanceof UsageError && e.message === `Input 'comment': invalid value "sometimes"; valid values: always, on-change, failures, off`,
    );
    assert.throws(() => readActionInputs({ 'INPUT_FAIL-ON': 'warnings' }), /Input 'fail-on': .*valid values: new, all, never/);
    assert.throws(() => readActionInputs({ INPUT_CACHE: 'yes' }), /Input 'cache': invalid value "yes"; valid values: true, false/);
    assert.throws(() => readActionInputs({ 'INPUT_GROUP-BY': '([' }), /Input 'group-by': not a valid regular expression/);
  });

  test('same reading rules as core.getInput / core.getBooleanInput', () => {
    const env = { 'INPUT_BASE-REF': '  main\t', INPUT_CACHE: 'False', 'INPUT_LABELS-ONLY': 'True' };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      assert.equal(getInputFrom(env, 'base-ref'), core.getInput('base-ref'));
      assert.equal(getInputFrom(env, 'not-set'), core.getInput('not-set'));
      const o = readActionInputs(env);
      assert.equal(o.baseRef, core.getInput('base-ref'));
      assert.equal(o.cache, core.getBooleanInput('cache'));
      assert.equal(o.labelsOnly, core.getBooleanInput('labels-only'));
    } finally {
      for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    }
  });

  test('actionInputEnv rejects an input action.yml does not have; parseFileCommand reads GITHUB_OUTPUT', () => {
    assert.throws(() => actionInputEnv(root, { 'no-such-input': 'x' }), /no input 'no-such-input'/);
    assert.deepEqual(parseFileCommand('verdict<<ghadelimiter_1\nfail\nghadelimiter_1\nreport-json<<ghadelimiter_2\n/t/r.json\nghadelimiter_2\nold=style\n'), {
      verdict: 'fail',
      'report-json': '/t/r.json',
      old: 'style',
    });
  });
});

describe('context', () => {
  const write = (name: string, payload: unknown) => {
    const f = path.join(tmp, name);
    writeFileSync(f, JSON.stringify(payload));
    return f;
  };

  test('pull_request: head from the payload, not GITHUB_SHA; fork detected', () => {
    const event = write('pr.json', {
      number: 5,
      pull_request: {
        number: 5,
        head: { sha: 'h'.repeat(40), ref: 'feature', repo: { full_name: 'someone/data' } },
        base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/data' } },
      },
      repository: { default_branch: 'main' },
    });
    const ctx = readActionContext({ GITHUB_EVENT_PATH: event, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REPOSITORY: 'acme/data', GITHUB_SHA: 'm'.repeat(40), GITHUB_RUN_ID: '42', GITHUB_SERVER_URL: 'https://ghe.example.com/' });
    assert.equal(ctx.prNumber, 5);
    assert.equal(ctx.headSha, 'h'.repeat(40));
    assert.equal(ctx.sha, 'm'.repeat(40));
    assert.equal(ctx.baseSha, 'b'.repeat(40));
    assert.equal(ctx.baseRef, 'main');
    assert.equal(ctx.fromFork, true);
    assert.equal(ctx.apiUrl, 'https://api.github.com');
    assert.equal(ctx.runUrl, 'https://ghe.example.com/acme/data/actions/runs/42');
    assert.equal(fileUrl(ctx, ctx.headSha!, 'labels/a b#1.txt', 3), `https://ghe.example.com/acme/data/blob/${'h'.repeat(40)}/labels/a%20b%231.txt#L3`);
    assert.deepEqual(postTargetOf(ctx), { prNumber: 5, headSha: 'h'.repeat(40), source: 'event' });
  });

  test('workflow_run from a fork: no PR in the event → taken from the report, marked untrusted', () => {
    const event = write('wr.json', { workflow_run: { head_sha: 'f'.repeat(40), head_branch: 'patch-1', pull_requests: [], head_repository: { full_name: 'someone/data' } } });
    const ctx = readActionContext({ GITHUB_EVENT_PATH: event, GITHUB_EVENT_NAME: 'workflow_run', GITHUB_REPOSITORY: 'acme/data' });
    assert.equal(ctx.prNumber, undefined);
    assert.equal(ctx.headSha, 'f'.repeat(40));
    assert.equal(ctx.fromFork, true);
    assert.equal(postTargetOf(ctx), undefined);
    assert.deepEqual(postTargetOf(ctx, { pr: 9, headSha: 'x' }), { prNumber: 9, headSha: 'f'.repeat(40), source: 'report' });
    const same = write('wr2.json', { workflow_run: { head_sha: 'f'.repeat(40), pull_requests: [{ number: 3, base: { ref: 'main', sha: 'b'.repeat(40) } }] } });
    assert.deepEqual(postTargetOf(readActionContext({ GITHUB_EVENT_PATH: same, GITHUB_EVENT_NAME: 'workflow_run', GITHUB_REPOSITORY: 'acme/data' }), { pr: 9 }), {
      prNumber: 3,
      headSha: 'f'.repeat(40),
      source: 'event',
    });
  });

  test('push: head is GITHUB_SHA, base is payload.before; a missing or broken event file is an empty payload', () => {
    const event = write('push.json', { before: 'b'.repeat(40), repository: { default_branch: 'main' } });
    const ctx = readActionContext({ GITHUB_EVENT_PATH: event, GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'acme/data', GITHUB_SHA: 'a'.repeat(40), GITHUB_REF: 'refs/heads/main' });
    assert.equal(ctx.headSha, 'a'.repeat(40));
    assert.equal(ctx.baseSha, 'b'.repeat(40));
    assert.equal(ctx.headRef, 'main');
    assert.equal(ctx.defaultBranch, 'main');
    assert.deepEqual(readActionContext({ GITHUB_EVENT_PATH: path.join(tmp, 'missing.json') }).payload, {});
    writeFileSync(path.join(tmp, 'bad.json'), '{');
    assert.deepEqual(readActionContext({ GITHUB_EVENT_PATH: path.join(tmp, 'bad.json') }).payload, {});
  });
});
