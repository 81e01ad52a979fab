/**
 * The CLI end to end on the five real datasets in ../shared/datasets (skipped when absent):
 * a schema-valid report whose totals match the datasets' README, every image scanned.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cliMain } from '../src/cli.js';
import { reportSchema } from '../src/report/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = [path.resolve(root, '../shared/datasets'), '/work/shared/datasets'].find((p) => existsSync(p));
const skip = !shared && 'shared datasets not found (../shared/datasets): real-data CLI tests skipped';
const store = path.join(os.tmpdir(), 'dataset-qc-test-records');

const CASES: [string, string, { images: number; boxes: number }][] = [
  ['coco128', 'coco128-yolo/object_detection/config.yaml', { images: 256, boxes: 1827 }],
  // from the repository's top, where images/ is also reached directly before the link to it
  ['coco128 (its top folder)', 'coco128-yolo', { images: 256, boxes: 1827 }],
  ['tiny-coco', 'tiny-coco', { images: 100, boxes: 852 }],
  ['bccd', 'bccd-voc', { images: 364, boxes: 4888 }],
  ['aquarium', 'aquarium-roboflow-yolo/aquarium_pretrain/data.yaml', { images: 638, boxes: 4817 }],
  ['raccoon', 'raccoon-voc', { images: 200, boxes: 217 }],
];

for (const [name, rel, want] of CASES) {
  test(`dataset-qc check on ${name}: totals, full scan, valid report`, { skip }, async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'dqc-out-'));
    const quiet = new Writable({ write: (_c, _e, cb) => cb() }) as unknown as NodeJS.WriteStream;
    const code = await cliMain(['check', path.join(shared!, rel), '--format', 'both', '--cache-dir', store, '--quiet', '--out', out], { stdout: quiet, stderr: quiet });
    assert.ok(code === 0 || code === 1, `exit ${code}`);
    const report = reportSchema.parse(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));
    assert.equal(report.summary.images, want.images);
    assert.equal(report.summary.boxes, want.boxes);
    assert.equal(report.scan?.images, want.images);
    assert.equal(report.scan!.decoded + report.scan!.fromCache, want.images);
    // no image of these datasets is unreadable (coco128 reaches its images through a link placeholder)
    assert.deepEqual(report.findings.filter((f) => /^image\/(corrupt|truncated|empty|not-image|unsupported|bomb)$/.test(f.check)).map((f) => f.path), []);
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    assert.match(md, /^# Dataset QC: /);
    assert.equal(code === 0, report.gate.verdict === 'pass');
    rmSync(out, { recursive: true, force: true });
  });
}
