/** Sticky PR comment, digest and trimming against a real HTTP fake of the GitHub REST API. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { decodeDigest, digestChanges, digestOf, encodeDigest, sameNumbers, type Digest } from '../src/action/digest.js';
import { createGitHubApi, GitHubApiError, PermissionError, safely, type GitHubApi } from '../src/action/github-api.js';
import { commentMarker, findStickyComment, upsertComment } from '../src/action/sticky-comment.js';
import { closers, COMMENT_LIMIT, cutText, fitBody, trimNotice } from '../src/action/trim.js';
import { BOT, HUMAN, startFakeGitHub, type FakeGitHub } from './helpers/fake-github.js';

const OWNER = 'acme';
const REPO = 'data';
const PR = 7;
const marker = commentMarker('data/coco');
const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);

function digest(over: Partial<Digest> = {}): Digest {
  return { v: 1, sha: SHA1, images: 120, boxes: 900, classes: { cat: 500, dog: 400 }, findings: { error: 1, warning: 3, info: 0 }, verdict: 'fail', ...over };
}

const bodyOf = (d: Digest, text = 'Dataset QC report') => `${marker}\n${encodeDigest(d)}\n\n## ${text}\n\nImages: ${d.images}\n`;

let gh: FakeGitHub;
let api: GitHubApi;

before(async () => {
  gh = await startFakeGitHub({ token: 'ghs_test' });
  api = createGitHubApi({ token: 'ghs_test', apiUrl: gh.url });
});
after(() => gh.close());
beforeEach(() => {
  gh.state.comments = [];
  gh.state.requests = [];
  gh.state.forbidWrites = false;
  gh.state.viewer = undefined;
});

const opts = (body: string, mode: 'always' | 'on-change' | 'failures' | 'off' = 'always') => ({ owner: OWNER, repo: REPO, issue: PR, marker, body, mode });

describe('sticky comment', () => {
  test('created once, then edited in place behind 35 other comments (100 per page asked)', async () => {
    gh.state.seedComments(PR, 35);
    const first = await upsertComment(api, opts(bodyOf(digest())));
    assert.equal(first.action, 'created');
    assert.equal(gh.state.commentsOn(PR).length, 36);
    const second = await upsertComment(api, opts(bodyOf(digest({ images: 121 }), 'second push')));
    assert.deepEqual(second, { action: 'updated', id: first.id });
    const all = gh.state.commentsOn(PR);
    assert.equal(all.length, 36, 'no second comment');
    assert.match(all.at(-1)!.body, /second push/);
    assert.equal(all.at(-1)!.user.login, 'github-actions[bot]');
    const lists = gh.state.requestsTo('GET', /\/issues\/7\/comments$/);
    assert.ok(lists.length >= 2);
    assert.ok(lists.every((r) => r.query.per_page === '100'), 'lists 100 per page, not the default 30');
    assert.equal(gh.state.requests.at(-1)!.headers.authorization, 'token ghs_test');
  });

  test('follows Link rel=next through every page: finds ours on page 2 of 3', async () => {
    gh.state.seedComments(PR, 120);
    const ours = gh.state.addComment(PR, bodyOf(digest()), BOT);
    gh.state.seedComments(PR, 100);
    const r = await upsertComment(api, opts(bodyOf(digest({ boxes: 901 }))));
    assert.deepEqual(r, { action: 'updated', id: ours.id });
    const pages = gh.state.requestsTo('GET', /\/issues\/7\/comments$/).map((q) => q.query.page ?? '1');
    assert.deepEqual(pages, ['1', '2', '3']);
    assert.equal(gh.state.commentsOn(PR).length, 221);
  });

  test('recreated when it was deleted', async () => {
    const first = await upsertComment(api, opts(bodyOf(digest())));
    assert.ok(gh.state.deleteComment(first.id!));
    const again = await upsertComment(api, opts(bodyOf(digest())));
    assert.equal(again.action, 'created');
    assert.notEqual(again.id, first.id);
    assert.equal(gh.state.commentsOn(PR).length, 1);
  });

  test('recreated when it disappears between listing and editing (PATCH 404)', async () => {
    const first = await upsertComment(api, opts(bodyOf(digest())));
    const found = await findStickyComment(api, opts(''));
    assert.equal(found?.id, first.id);
    gh.state.deleteComment(first.id!);
    const r = await upsertComment(api, { ...opts(bodyOf(digest())), existing: found });
    assert.equal(r.action, 'created');
    assert.equal(gh.state.commentsOn(PR).length, 1);
  });

  test("a person's comment holding the marker is never taken for ours", async () => {
    const quoted = gh.state.addComment(PR, `I saw this:\n> ${marker}\n> old report`, HUMAN);
    const firstLine = gh.state.addComment(PR, `${marker}\nhand-written, same first line`, HUMAN);
    const otherId = gh.state.addComment(PR, `${commentMarker('other')}\nanother dataset's report`, BOT);
    const r = await upsertComment(api, opts(bodyOf(digest())));
    assert.equal(r.action, 'created');
    assert.equal(gh.state.commentsOn(PR).length, 4);
    assert.match(quoted.body, /old report/);
    assert.match(firstLine.body, /hand-written/);
    assert.match(otherId.body, /another dataset/);
    // GITHUB_TOKEN cannot call GET /user: asked once, answered 403, then only bots count
    assert.equal(gh.state.requestsTo('GET', /^\/user$/).length, 1);
  });

  test("with a personal token, the token owner's own earlier comment is ours", async () => {
    gh.state.viewer = HUMAN;
    const mine = gh.state.addComment(PR, `${marker}\nposted earlier with my token`, HUMAN);
    const pat = createGitHubApi({ token: 'ghs_test', apiUrl: gh.url }); // a fresh client: the viewer is asked once per client
    const r = await upsertComment(pat, opts(bodyOf(digest())));
    assert.deepEqual(r, { action: 'updated', id: mine.id });
  });

  test('marker is put on the first line when the body lacks it', async () => {
    await upsertComment(api, opts('## report without marker'));
    assert.equal(gh.state.commentsOn(PR)[0]!.body.split('\n')[0], marker);
  });

  test('on-change: same numbers at a new commit → skipped; changed numbers → updated', async () => {
    const first = await upsertComment(api, opts(bodyOf(digest()), 'on-change'));
    assert.equal(first.action, 'created');
    const before = gh.state.requests.length;
    const same = await upsertComment(api, opts(bodyOf(digest({ sha: SHA2 }), 'new wording'), 'on-change'));
    assert.equal(same.action, 'skipped');
    assert.equal(same.id, first.id);
    assert.equal(gh.state.requests.slice(before).filter((r) => r.method !== 'GET').length, 0, 'no write');
    assert.doesNotMatch(gh.state.commentsOn(PR)[0]!.body, /new wording/);
    const changed = await upsertComment(api, opts(bodyOf(digest({ sha: SHA2, classes: { cat: 501, dog: 400 } })), 'on-change'));
    assert.deepEqual(changed, { action: 'updated', id: first.id });
  });

  test('failures: nothing posted while passing; posted on fail; then kept up to date when passing again', async () => {
    const pass = await upsertComment(api, opts(bodyOf(digest({ verdict: 'pass' })), 'failures'));
    assert.equal(pass.action, 'skipped');
    assert.equal(gh.state.commentsOn(PR).length, 0);
    const fail = await upsertComment(api, { ...opts(bodyOf(digest()), 'failures'), verdict: 'fail' });
    assert.equal(fail.action, 'created');
    const fixed = await upsertComment(api, { ...opts(bodyOf(digest({ verdict: 'pass' })), 'failures'), verdict: 'pass' });
    assert.deepEqual(fixed, { action: 'updated', id: fail.id });
  });

  test('off: no request at all', async () => {
    const r = await upsertComment(api, opts(bodyOf(digest()), 'off'));
    assert.equal(r.action, 'skipped');
    assert.equal(gh.state.requests.length, 0);
  });

  test('a 200,000-character report is trimmed under 65,536, keeps marker and digest, ends with the notice, and is accepted', async () => {
    const d = digest();
    const row = (i: number) => `| images/train/img_${String(i).padStart(6, '0')}.jpg | box/tiny | box 3 is 2×2 px |`;
    const render = (level: number) => {
      const rows = level === 0 ? 4000 : 2500; // less detail, still far too long
      return [bodyOf(d), '<details><summary>All findings</summary>', '', '```text', ...Array.from({ length: rows }, (_, i) => row(i)), '```', '</details>'].join('\n');
    };
    assert.ok(render(0).length > 200_000);
    // the API itself rejects the untrimmed body
    await assert.rejects(api.createIssueComment(OWNER, REPO, PR, render(0)), (e: unknown) => e instanceof GitHubApiError && e.status === 422 && /Body is too long/.test(e.message));
    const notice = trimNotice('https://github.com/acme/data/actions/runs/42');
    const fitted = fitBody(render, 1, 60_000, notice);
    assert.equal(fitted.trimmed, true);
    assert.equal(fitted.level, 1);
    assert.ok(fitted.body.length <= 60_000 && fitted.body.length < COMMENT_LIMIT);
    assert.ok(fitted.body.startsWith(`${marker}\n`));
    assert.ok(fitted.body.endsWith(notice));
    assert.deepEqual(decodeDigest(fitted.body), d);
    assert.match(fitted.body, /\n```\n\n<\/details>\n\n\*\*⚠️/, 'open fence and <details> closed before the notice');
    const r = await upsertComment(api, opts(fitted.body));
    assert.equal(r.action, 'created');
    assert.equal(gh.state.commentsOn(PR)[0]!.body, fitted.body);
  });

  test('403 from a read-only token → PermissionError, which safely() turns into a warning', async () => {
    gh.state.forbidWrites = true;
    await assert.rejects(upsertComment(api, opts(bodyOf(digest()))), (e: unknown) => e instanceof PermissionError && e.status === 403 && /Resource not accessible by integration/.test(e.message));
    const warnings: string[] = [];
    const r = await safely('post the PR comment', () => upsertComment(api, opts(bodyOf(digest()))), { warning: (m) => warnings.push(m) });
    assert.equal(r, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /Could not post the PR comment: .*HTTP 403.*Resource not accessible by integration/);
    assert.match(warnings[0]!, /Fork pull requests/);
    assert.equal(gh.state.commentsOn(PR).length, 0);
  });

  test('other failures are warnings without the fork hint', async () => {
    const bad = createGitHubApi({ token: 'wrong', apiUrl: gh.url });
    const warnings: string[] = [];
    // 401 Bad credentials is a permission problem too
    await safely('post the PR comment', () => upsertComment(bad, opts('x')), { warning: (m) => warnings.push(m) });
    assert.match(warnings[0]!, /HTTP 401.*Bad credentials/);
    const down = createGitHubApi({ token: 't', apiUrl: 'http://127.0.0.1:1' });
    await safely('post the PR comment', () => upsertComment(down, opts('x')), { warning: (m) => warnings.push(m) });
    assert.equal(warnings.length, 2);
    assert.doesNotMatch(warnings[1]!, /Fork pull requests/);
  });
});

describe('trim', () => {
  test('the first rendering that fits is used, uncut', () => {
    const r = fitBody((l) => (l === 0 ? 'x'.repeat(100) : 'short'), 2, 50);
    assert.deepEqual(r, { body: 'short', level: 1, trimmed: false });
  });

  test('cuts on a line boundary; a single over-long line is cut without splitting a surrogate pair', () => {
    const text = ['line one', 'line two', 'line three'].join('\n');
    const cut = cutText(text, 25, 'NOTE');
    assert.equal(cut, 'line one\nline two\n\nNOTE');
    const emoji = '😀'.repeat(100);
    const c2 = cutText(emoji, 51, 'N');
    assert.ok(c2.length <= 51);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(c2), 'no lone high surrogate');
  });

  test('closers: open fences (any length, info string) and nested <details>', () => {
    assert.equal(closers('a\n```mermaid\nx'), '\n```');
    assert.equal(closers('````\n```\ninside'), '\n````');
    assert.equal(closers('```\ncode\n```\n'), '');
    assert.equal(closers('<details><summary>a</summary>\n<details>\n</details>'), '\n\n</details>');
    assert.equal(closers('```\n<details>\n'), '\n```', '<details> inside code is text');
  });
});

describe('digest', () => {
  test('round-trips through a body, invisible (an HTML comment), ignores garbage', () => {
    const d = digest({ classes: { '__proto__': 3, 'a --> b': 2, 'ünïcode': 1 }, newFindings: 2 });
    const line = encodeDigest(d);
    assert.match(line, /^<!-- dataset-qc:digest [A-Za-z0-9+/=]+ -->$/);
    assert.deepEqual(decodeDigest(`${marker}\n${line}\n\ntext`), d);
    assert.equal(decodeDigest('no digest here'), undefined);
    assert.equal(decodeDigest('<!-- dataset-qc:digest bm90IGd6aXA= -->'), undefined);
  });

  test('sameNumbers ignores the commit; digestChanges lists what moved', () => {
    assert.ok(sameNumbers(digest(), digest({ sha: SHA2 })));
    assert.ok(!sameNumbers(digest(), digest({ verdict: 'pass' })));
    assert.deepEqual(digestChanges(digest(), digest({ images: 125, classes: { cat: 500, bird: 4 } })), [
      { what: 'images', before: 120, after: 125 },
      { what: 'class bird', before: 0, after: 4 },
      { what: 'class dog', before: 400, after: 0 },
    ]);
  });

  test('digestOf a report', () => {
    const d = digestOf(
      {
        summary: { images: 10, boxes: 20 },
        perClass: [
          { name: 'cat', instances: 12 },
          { name: 'dog', instances: 8 },
        ],
        counts: { error: 1, warning: 2, info: 3 },
        gate: { verdict: 'fail', newErrors: 1 },
      },
      SHA1,
    );
    assert.deepEqual(d, { v: 1, sha: SHA1, images: 10, boxes: 20, classes: { cat: 12, dog: 8 }, findings: { error: 1, warning: 2, info: 3 }, newFindings: 1, verdict: 'fail' });
  });
});
