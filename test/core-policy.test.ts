import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig, parseConfig } from '../src/config/load.js';
import { defaultConfig } from '../src/config/schema.js';
import { finding, fingerprintOf } from '../src/findings.js';
import { evaluateGate } from '../src/gate.js';
import { UsageError } from '../src/options.js';
import { applyPolicy } from '../src/policy.js';
import { tempDir } from './helpers/tmp.js';

const err = (check: string, p: string, key = '') => finding({ check, severity: 'error', message: `${check} at ${p}`, path: p, key });

test('fingerprint depends on check, path and key only', () => {
  const a = finding({ check: 'box/tiny', severity: 'warning', message: 'x', path: 'a.txt', line: 3, key: 'a.jpg#1' });
  const b = finding({ check: 'box/tiny', severity: 'error', message: 'y', path: 'a.txt', line: 9, key: 'a.jpg#1' });
  assert.equal(a.fingerprint, b.fingerprint);
  assert.notEqual(a.fingerprint, fingerprintOf('box/tiny', 'a.txt', 'a.jpg#2'));
  assert.match(a.fingerprint, /^[0-9a-f]{16}$/);
});

test('config: defaults follow the Ultralytics guidance; bad config is a UsageError naming the field', () => {
  const c = defaultConfig();
  assert.equal(c.thresholds.minInstancesPerClass.value, 10000);
  assert.equal(c.thresholds.minImagesPerClass.value, 1500);
  assert.deepEqual(c.thresholds.backgroundShare, { min: 0, max: 0.1, severity: 'error' });
  const ok = parseConfig('thresholds:\n  backgroundShare: { max: 0.2 }\n', 'x.yml');
  assert.equal(ok.thresholds.backgroundShare.max, 0.2);
  assert.equal(ok.thresholds.backgroundShare.severity, 'error');
  assert.throws(() => parseConfig('thresholds:\n  backgroundShare: { max: 2 }\n', 'x.yml'), (e: Error) => e instanceof UsageError && /thresholds\.backgroundShare\.max/.test(e.message));
  assert.throws(() => parseConfig('thresholds: [1, 2\n', 'x.yml'), (e: Error) => e instanceof UsageError && /not valid YAML/.test(e.message));
  // a misspelt key names the key it was probably meant to be; a key like no other names none
  assert.throws(
    () => parseConfig('thresholds:\n  minInstancesPerClas: { value: 5 }\n  outliers: { minmethods: 2, zzz: 1 }\nsevertities: {}\n', 'x.yml'),
    (e: Error) =>
      /thresholds: Unrecognized key: "minInstancesPerClas" \(did you mean minInstancesPerClass\?\)/.test(e.message) &&
      /thresholds\.outliers: Unrecognized keys: "minmethods", "zzz" \(did you mean minMethods\?\)/.test(e.message) &&
      /\(root\): Unrecognized key: "severtities" \(did you mean severities\?\)/.test(e.message),
  );
  assert.throws(() => parseConfig('frobnicate: 1\n', 'x.yml'), (e: Error) => /Unrecognized key: "frobnicate"\n/.test(e.message));
  assert.throws(() => parseConfig('waivers:\n  - reason: because\n', 'x.yml'), /fingerprint, a path glob or a check id/);
  assert.throws(() => parseConfig('unknownKey: 1\n', 'x.yml'), UsageError);
});

test('config: found in the dataset folder, explicit missing file is a UsageError', () => {
  const dir = tempDir('dqc-cfg-');
  writeFileSync(path.join(dir, '.dataset-qc.yml'), 'severities:\n  box/tiny: off\n');
  const { config, file } = loadConfig(undefined, [dir]);
  assert.equal(file, path.join(dir, '.dataset-qc.yml'));
  assert.equal(config.severities['box/tiny'], 'off');
  assert.throws(() => loadConfig(path.join(dir, 'nope.yml'), []), UsageError);
});

test('policy: severity overrides, off, and waivers by fingerprint, glob and check', () => {
  const fs = [err('box/conflict', 'labels/a.txt'), err('box/tiny', 'labels/b.txt'), err('label/parse', 'labels/sub/c.txt'), err('leak/group', 'x')];
  const cfg = parseConfig(
    [
      'severities:',
      '  box/tiny: "off"',
      '  box/conflict: warning',
      'waivers:',
      '  - path: "labels/sub/**"',
      '    reason: known bad export, fixed upstream',
      `  - fingerprint: "${fs[3]!.fingerprint}"`,
      '    reason: accepted',
    ].join('\n'),
    'c.yml',
  );
  const out = applyPolicy(fs, cfg);
  assert.deepEqual(out.map((f) => f.check), ['box/conflict', 'label/parse', 'leak/group']);
  assert.equal(out[0]!.severity, 'warning');
  assert.deepEqual(out[1]!.waived, { reason: 'known bad export, fixed upstream' });
  assert.deepEqual(out[2]!.waived, { reason: 'accepted' });
  assert.equal(evaluateGate(out, 'all').verdict, 'pass');
});

test('gate: all vs new vs never; thresholds always count with fail-on new', () => {
  const old = err('box/conflict', 'a.txt');
  const fresh = err('box/conflict', 'b.txt');
  const bg = finding({ check: 'split/background-share', severity: 'error', message: 'val: 14.0% background', key: 'val' });
  const base = new Set([old.fingerprint, bg.fingerprint]);
  assert.equal(evaluateGate([old], 'new', base).verdict, 'pass');
  const g = evaluateGate([old, fresh], 'new', base);
  assert.equal(g.verdict, 'fail');
  assert.equal(g.newErrors, 1);
  assert.deepEqual(g.failing, [fresh]);
  assert.equal(evaluateGate([old, bg], 'new', base).verdict, 'fail', 'background share is a threshold gate on head');
  assert.match(evaluateGate([old, bg], 'new', base).reasons.join('\n'), /split\/background-share: val: 14\.0% background/);
  // a threshold gate's new findings are named first; those already at base are told apart
  const leak = (k: string) => finding({ check: 'leak/duplicate', severity: 'error', message: `leak ${k}`, key: k });
  const [l1, l2, l3] = [leak('1'), leak('2'), leak('3')];
  const withBase = new Set([...base, l1.fingerprint, l2.fingerprint]);
  assert.deepEqual(evaluateGate([l1, l2, l3], 'new', withBase).reasons, ['leak/duplicate: leak 3 (and 2 more, all already at base)']);
  assert.deepEqual(evaluateGate([l1, l3, leak('4')], 'new', withBase).reasons, ['leak/duplicate: leak 3 (and 2 more, 1 already at base)']);
  assert.deepEqual(evaluateGate([l1, l2], 'new', withBase).reasons, ['leak/duplicate: leak 1 [already at base] (and 1 more, all already at base)']);
  assert.deepEqual(evaluateGate([l1, l3], 'all', withBase).reasons, ['leak/duplicate: leak 1 (and 1 more)']);
  assert.equal(evaluateGate([old, fresh, bg], 'never').verdict, 'pass');
  assert.equal(evaluateGate([old], 'all').verdict, 'fail');
});
