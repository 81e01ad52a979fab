import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finding } from '../src/findings.js';
import { evaluateGate } from '../src/gate.js';
import type { Dataset } from '../src/model.js';
import { buildReport } from '../src/report/build.js';
import { codePath, escapeMd } from '../src/report/escape.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { reportSchema } from '../src/report/types.js';

function tinyDataset(): Dataset {
  const evil = 'x|<img src=x onerror=alert(1)>*[y](http://e.vil)_@team.jpg';
  return {
    root: '/data/demo',
    format: 'yolo',
    source: 'data.yaml',
    classes: [
      { id: 0, name: 'cat' },
      { id: 1, name: '<b>dog</b>|pipe' },
      { id: 2, name: 'unused' },
    ],
    splits: ['train', 'val'],
    images: [
      { id: 0, path: 'images/train/a.jpg', split: 'train', labelState: 'labeled', exists: true, width: 100, height: 100 },
      { id: 1, path: `images/train/${evil}`, split: 'train', labelState: 'background', exists: true },
      { id: 2, path: 'images/val/c.jpg', split: 'val', labelState: 'labeled', exists: true },
      { id: 3, path: 'images/val/d.jpg', split: 'val', labelState: 'unlabeled', exists: true },
    ],
    boxes: [
      { image: 0, classId: 0, x1: 0.1, y1: 0.1, x2: 0.5, y2: 0.5, file: 'labels/train/a.txt', line: 1 },
      { image: 0, classId: 1, x1: 0.5, y1: 0.5, x2: 0.9, y2: 0.9, file: 'labels/train/a.txt', line: 2 },
      { image: 2, classId: 0, x1: 0.1, y1: 0.1, x2: 0.2, y2: 0.2, file: 'labels/val/c.txt', line: 1 },
    ],
    orphans: [{ path: 'labels/val/zzz.txt', split: 'val' }],
    findings: [],
    notes: ['read 1 polygon line as its bounding box'],
  };
}

test('report: totals per split and class, valid against its schema', () => {
  const ds = tinyDataset();
  const f = finding({ check: 'box/conflict', severity: 'error', message: 'Two boxes disagree', path: ds.images[1]!.path, line: 2, key: 'k' });
  const report = buildReport({ dataset: ds, checks: [{ id: 'x', stats: { a: 1 }, findings: [f] }], findings: [f], gate: evaluateGate([f], 'all'), failOn: 'all', now: new Date('2026-01-02T03:04:05Z') });
  assert.equal(reportSchema.safeParse(report).success, true, JSON.stringify(reportSchema.safeParse(report).error?.issues));
  assert.deepEqual(report.summary, { images: 4, boxes: 3, classes: 3, classesUsed: 2, backgroundImages: 1, unlabeledImages: 1, backgroundShare: 0.25, orphanLabels: 1 });
  assert.deepEqual(report.splits.map((s) => [s.name, s.images, s.boxes, s.background, s.unlabeled, s.backgroundShare]), [
    ['train', 2, 2, 1, 0, 0.5],
    ['val', 2, 1, 0, 1, 0],
  ]);
  assert.deepEqual(report.perClass[0], { id: 0, name: 'cat', instances: 2, images: 2, bySplit: { train: { instances: 1, images: 1 }, val: { instances: 1, images: 1 } } });
  assert.equal(report.gate.readyToTrain, false);
  assert.deepEqual(report.counts, { error: 1, warning: 0, info: 0, waived: 0 });
  assert.deepEqual(report.stats, { x: { a: 1 } });
  // a broken report is rejected by the schema
  assert.equal(reportSchema.safeParse({ ...report, reportVersion: 2 }).success, false);
});

test('markdown: one-page layout, every untrusted name escaped', () => {
  const ds = tinyDataset();
  const f = finding({ check: 'box/conflict', severity: 'error', message: `Box on ${ds.images[1]!.path} conflicts`, path: ds.images[1]!.path, line: 2, key: 'k' });
  const report = buildReport({ dataset: ds, checks: [], findings: [f], gate: evaluateGate([f], 'all'), failOn: 'all' });
  const md = renderMarkdown(report);
  assert.match(md, /^# Dataset QC: demo$/m);
  assert.match(md, /\*\*Ready to train: ❌ no\*\*/);
  assert.match(md, /\| Background images +\| 1 \(25\.0%\) +\|/);
  const outsideCode = md.replace(/`[^`\n]*`/g, '');
  assert.ok(md.includes('`images/train/x\\|<img'), 'the path is shown verbatim inside a code span');
  assert.ok(!outsideCode.includes('<img'), 'raw HTML from a file name must not survive outside code spans');
  assert.ok(!md.includes('<b>dog'), 'raw HTML from a class name must not survive');
  assert.ok(md.includes('&lt;b&gt;dog&lt;/b&gt;\\|pipe'), 'class name escaped, pipe escaped in the table');
  assert.ok(!/[^\\]\]\(http/.test(outsideCode), 'no live link from a file name');
  // every table row has the same number of unescaped pipes as its header
  for (const table of md.split('\n\n').filter((b) => b.startsWith('|'))) {
    const counts = table.split('\n').map((l) => l.replace(/\\\|/g, '').split('|').length);
    assert.ok(counts.every((c) => c === counts[0]), `ragged table:\n${table}`);
  }
  const lower = renderMarkdown(report, { detail: 3 });
  assert.ok(lower.length < md.length);
  assert.ok(!lower.includes('## Classes'));
});

test('escapeMd and codePath', () => {
  assert.equal(escapeMd('a_b*c|d`e[f]'), 'a\\_b\\*c\\|d\\`e\\[f\\]');
  assert.equal(escapeMd('<x> & "y"'), '&lt;x&gt; &amp; &quot;y&quot;');
  assert.equal(escapeMd('line1\nline2'), 'line1 line2');
  assert.ok(!escapeMd('@octocat').includes('@o'));
  assert.equal(codePath('a`b|c'), "`a'b\\|c`");
});
