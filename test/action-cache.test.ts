/** Record-store persistence: cache keys, the directory adapter (real files), the @actions/cache adapter's logic. */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { cacheKeys, createActionsCache, createRecordCache, hitOf, type CacheService } from '../src/action/record-cache.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dqc-cache-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => path.join(tmp, `d${++n}`);

const parts = { toolVersion: '0.1.0', settingsDigest: 'abc123', os: 'linux-x64', content: 'tree9f', runId: '777', runAttempt: '2' };

function logSink() {
  const info: string[] = [];
  const warning: string[] = [];
  return { info, warning, log: { info: (m: string) => info.push(m), warning: (m: string) => warning.push(m) } };
}

function putRecords(dir: string, name: string, bytes = 'records') {
  mkdirSync(path.join(dir, 'records', 'abc123'), { recursive: true });
  writeFileSync(path.join(dir, 'records', 'abc123', name), bytes);
}

describe('cache keys', () => {
  test('primary unique per run; restore keys: same content, then any content; all valid for the service', () => {
    const k = cacheKeys(parts);
    assert.equal(k.primary, 'dataset-qc-v1-0.1.0-abc123-linux_x64-tree9f-777-2');
    assert.deepEqual(k.restoreKeys, ['dataset-qc-v1-0.1.0-abc123-linux_x64-tree9f-', 'dataset-qc-v1-0.1.0-abc123-linux_x64-']);
    assert.equal(cacheKeys({ ...parts, content: 'tree9f-2' }).contentPrefix.startsWith(k.contentPrefix), false, "'-' inside a part cannot fake a prefix");
    assert.ok(k.primary.startsWith(k.restoreKeys[0]!) && k.restoreKeys[0]!.startsWith(k.restoreKeys[1]!));
    assert.notEqual(cacheKeys({ ...parts, runAttempt: '3' }).primary, k.primary, 're-run attempts get their own immutable entry');
    assert.notEqual(cacheKeys({ ...parts, settingsDigest: 'other' }).prefix, k.prefix, 'other settings never share records');
    const odd = cacheKeys({ ...parts, content: 'a,b c/d', settingsDigest: 'x'.repeat(1000), toolVersion: '1.0.0+build,1' });
    for (const key of [odd.primary, ...odd.restoreKeys]) {
      assert.ok(key.length <= 512);
      assert.doesNotMatch(key, /[,\s]/);
    }
    assert.ok(cacheKeys({ toolVersion: '1', settingsDigest: 's' }).primary.endsWith('-none-local-1'));
  });

  test('hit classification', () => {
    const k = cacheKeys(parts);
    assert.equal(hitOf(undefined, k), 'none');
    assert.equal(hitOf(k.primary.toUpperCase(), k), 'exact');
    assert.equal(hitOf(`${k.contentPrefix}555-1`, k), 'exact');
    assert.equal(hitOf(`${k.prefix}othertree-555-1`, k), 'prefix');
  });
});

describe('directory adapter (cache service unavailable)', () => {
  test('real @actions/cache reports the service unavailable off a runner → the directory is used in place', async () => {
    const saved = { ...process.env };
    for (const v of ['ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_URL', 'ACTIONS_CACHE_SERVICE_V2']) delete process.env[v];
    try {
      const { info, log } = logSink();
      const dir = fresh();
      const c = createRecordCache({ dir, useService: true, keys: parts, log });
      assert.equal(c.kind, 'directory');
      assert.equal(c.dir, dir);
      assert.match(info.join('\n'), /not available/);
    } finally {
      Object.assign(process.env, saved);
    }
  });

  test('none when empty; after save, exact for the same content and prefix for another', async () => {
    const dir = fresh();
    const { warning, log } = logSink();
    const c = createRecordCache({ dir, useService: false, keys: parts, log });
    assert.equal(c.kind, 'directory');
    assert.deepEqual(await c.restore(), { hit: 'none' });
    putRecords(dir, 'seg-1.dqc');
    assert.equal((await c.restore()).hit, 'prefix', 'records of unknown content');
    await c.save();
    const manifest = JSON.parse(readFileSync(path.join(dir, 'dataset-qc-cache.json'), 'utf8'));
    assert.equal(manifest.key, cacheKeys(parts).primary);
    assert.deepEqual(await createRecordCache({ dir, useService: false, keys: { ...parts, runId: '778' }, log }).restore(), { hit: 'exact', key: manifest.key });
    assert.equal((await createRecordCache({ dir, useService: false, keys: { ...parts, content: 'tree10' }, log }).restore()).hit, 'prefix');
    assert.deepEqual(warning, []);
    assert.ok(existsSync(path.join(dir, 'records', 'abc123', 'seg-1.dqc')), 'records untouched');
  });

  test('an unusable directory is a warning, never a throw', async () => {
    const file = path.join(tmp, 'a-file');
    writeFileSync(file, 'not a dir');
    const { warning, log } = logSink();
    const c = createRecordCache({ dir: path.join(file, 'store'), useService: false, keys: parts, log });
    assert.deepEqual(await c.restore(), { hit: 'none' });
    await c.save();
    assert.equal(warning.length, 2);
    assert.match(warning[0]!, /not usable/);
  });
});

/**
 * An in-memory stand-in for the Actions cache with its rules: immutable entries, exact key then
 * prefix of the primary key then each restore key (newest first), version = the paths array.
 */
function memoryService(available = true) {
  const entries: { key: string; paths: string; files: string; at: number }[] = [];
  const calls: { op: string; paths: string[]; key: string; restoreKeys?: string[] }[] = [];
  let clock = 0;
  const snap = (dir: string) => {
    const copy = path.join(tmp, `snap${++n}`);
    cpSync(dir, copy, { recursive: true });
    return copy;
  };
  const service: CacheService = {
    isFeatureAvailable: () => available,
    async restoreCache(paths, key, restoreKeys = []) {
      calls.push({ op: 'restore', paths, key, restoreKeys });
      const v = JSON.stringify(paths);
      const mine = entries.filter((e) => e.paths === v).sort((a, b) => b.at - a.at);
      const hit = mine.find((e) => e.key === key) ?? [key, ...restoreKeys].map((p) => mine.find((e) => e.key.startsWith(p))).find(Boolean);
      if (!hit) return undefined;
      cpSync(hit.files, paths[0]!, { recursive: true });
      return hit.key;
    },
    async saveCache(paths, key) {
      calls.push({ op: 'save', paths, key });
      if (entries.some((e) => e.key === key)) return -1;
      entries.push({ key, paths: JSON.stringify(paths), files: snap(paths[0]!), at: ++clock });
      return clock;
    },
  };
  return { service, entries, calls };
}

describe('@actions/cache adapter (logic, with an in-memory service)', () => {
  test('cold run saves; same content restores exact and skips an unchanged save; new content restores prefix and saves', async () => {
    const mem = memoryService();
    const { log, warning } = logSink();
    // every job sees the same absolute path ($RUNNER_TEMP/dataset-qc-cache), emptied between jobs
    const dir1 = fresh();
    const newJob = () => (rmSync(dir1, { recursive: true, force: true }), dir1);
    const c1 = createRecordCache({ dir: dir1, useService: true, keys: parts, service: mem.service, log });
    assert.equal(c1.kind, 'actions');
    assert.deepEqual(await c1.restore(), { hit: 'none' });
    putRecords(dir1, 'seg-1.dqc');
    await c1.save();
    assert.deepEqual(
      mem.entries.map((e) => e.key),
      [cacheKeys(parts).primary],
    );

    const dir2 = newJob();
    const c2 = createRecordCache({ dir: dir2, useService: true, keys: { ...parts, runId: '778' }, service: mem.service, log });
    assert.deepEqual(await c2.restore(), { hit: 'exact', key: cacheKeys(parts).primary });
    assert.equal(readFileSync(path.join(dir2, 'records', 'abc123', 'seg-1.dqc'), 'utf8'), 'records');
    await c2.save();
    assert.equal(mem.entries.length, 1, 'nothing new: not saved again');

    const dir3 = newJob();
    const k3 = { ...parts, content: 'tree10', runId: '779' };
    const c3 = createRecordCache({ dir: dir3, useService: true, keys: k3, service: mem.service, log });
    assert.equal((await c3.restore()).hit, 'prefix');
    putRecords(dir3, 'seg-2.dqc');
    await c3.save();
    assert.deepEqual(mem.entries.at(-1)!.key, cacheKeys(k3).primary);
    for (const call of mem.calls) assert.deepEqual(call.paths, [dir1], 'identical paths array on restore and save');
    assert.deepEqual(
      mem.calls.filter((c) => c.op === 'restore').map((c) => c.restoreKeys),
      [cacheKeys(parts).restoreKeys, cacheKeys({ ...parts, runId: '778' }).restoreKeys, cacheKeys(k3).restoreKeys],
    );
    assert.deepEqual(warning, []);
  });

  test('restore and save failures are warnings; an empty store is not saved', async () => {
    const { log, warning, info } = logSink();
    const broken: CacheService = {
      isFeatureAvailable: () => true,
      restoreCache: async () => {
        throw new Error('Cache service responded with 503');
      },
      saveCache: async () => {
        throw new Error('Unable to reserve cache');
      },
    };
    const dir = fresh();
    const c = createActionsCache(dir, cacheKeys(parts), broken, log);
    assert.deepEqual(await c.restore(), { hit: 'none' });
    await c.save();
    assert.match(info.at(-1)!, /empty/);
    putRecords(dir, 'seg-1.dqc');
    await c.save();
    assert.equal(warning.length, 2);
    assert.match(warning[0]!, /Restoring .*503/);
    assert.match(warning[1]!, /Saving .*Unable to reserve/);
  });

  test('cache: false → the directory even when the service is available', () => {
    const mem = memoryService(true);
    assert.equal(createRecordCache({ dir: fresh(), useService: false, keys: parts, service: mem.service, log: logSink().log }).kind, 'directory');
    assert.equal(createRecordCache({ dir: fresh(), useService: true, keys: parts, service: memoryService(false).service, log: logSink().log }).kind, 'directory');
  });
});
