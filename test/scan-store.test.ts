import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { decodeRecord, encodeRecord } from '../src/scan/record-codec.js';
import { RECORD_VERSION } from '../src/scan/settings.js';
import { openStore } from '../src/scan/store.js';
import type { ImageRecord } from '../src/scan/types.js';

function record(i: number): ImageRecord {
  return {
    v: RECORD_VERSION,
    hash: `h${String(i).padStart(63, '0')}`,
    bytes: 1000 + i,
    width: 640,
    height: 480,
    channels: 3,
    format: 'jpeg',
    bitDepth: 8,
    orientation: 6,
    hasAlpha: false,
    space: 'srgb',
    palette: false,
    pixelHash: `p${i}`,
    phash: '0123456789abcdef',
    phashD4: '0023456789abcdef',
    dhash: 'fedcba9876543210',
    dhashD4: '0edcba9876543210',
    lowVariance: false,
    stats: {
      mean: 0.1 * (i % 10) + 1e-17,
      std: 0.2,
      var: 0.04,
      skew: -0.3333333333333333,
      kurtosis: 1.5,
      entropy: 5.1,
      zeros: 0,
      brightness: 0.25,
      darkness: 0.75,
      contrast: 1.2,
      sharpness: 33.3,
      channelMean: [0.1, 0.2, 0.3],
      channelStd: [0.01, 0.02, 0.03],
    },
    quality: { dark: 0.9, light: 0.8, lowInformation: 0.7, blurry: 0.6, oddAspectRatio: 0.75, grayscale: false },
  };
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'dqc-store-'));

test('record codec round-trips every field exactly, errors and unknown fields included', () => {
  const r = record(3);
  const withKey = (body: Buffer) => Buffer.concat([Buffer.from([r.hash.length]), Buffer.from(r.hash, 'latin1'), body]);
  assert.deepEqual(decodeRecord(withKey(encodeRecord(r))), r);
  const err: ImageRecord = { v: RECORD_VERSION, hash: r.hash, bytes: 0, error: { kind: 'truncated', message: 'ends “early”' } };
  assert.deepEqual(decodeRecord(withKey(encodeRecord(err))), err);
  const extra = { ...r, futureField: { a: [1, 2] } } as ImageRecord;
  assert.deepEqual(decodeRecord(withKey(encodeRecord(extra))), extra);
});

test('put/get round trip through a flushed segment; a reopened store finds it', () => {
  const dir = tmp();
  try {
    const s = openStore(dir, 'digestA');
    assert.equal(s.get(record(1).hash), undefined);
    s.put(record(1));
    s.put(record(2));
    assert.deepEqual(s.get(record(1).hash), record(1));
    s.flush();
    const again = openStore(dir, 'digestA');
    assert.deepEqual(again.get(record(2).hash), record(2));
    assert.equal(again.stats().entries, 2);
    // one compact segment file, not one file per image
    assert.equal(readdirSync(again.dir).filter((f) => f.endsWith('.dqc')).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a different settings digest misses', () => {
  const dir = tmp();
  try {
    const s = openStore(dir, 'digestA');
    s.put(record(1));
    s.flush();
    assert.equal(openStore(dir, 'digestB').get(record(1).hash), undefined);
    assert.ok(openStore(dir, 'digestA').get(record(1).hash));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two stores writing the same directory at the same time lose nothing', async () => {
  const dir = tmp();
  try {
    const a = openStore(dir, 'd');
    const b = openStore(dir, 'd');
    for (let i = 0; i < 200; i++) {
      (i % 2 ? a : b).put(record(i));
      if (i % 50 === 49) {
        a.flush();
        b.flush();
        await new Promise((r) => setImmediate(r));
      }
    }
    b.put(record(7)); // the same record from both runs
    a.flush();
    b.flush();
    const c = openStore(dir, 'd');
    for (let i = 0; i < 200; i++) assert.deepEqual(c.get(record(i).hash), record(i), `record ${i}`);
    assert.equal(readdirSync(c.dir).filter((f) => f.endsWith('.tmp')).length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupted byte in a segment is detected: that entry misses, the others still load', () => {
  const dir = tmp();
  try {
    const s = openStore(dir, 'd');
    for (let i = 0; i < 3; i++) s.put(record(i));
    s.flush();
    const file = path.join(s.dir, readdirSync(s.dir).find((f) => f.endsWith('.dqc'))!);
    const buf = readFileSync(file);
    // flip one byte inside the second entry's payload (its stats), keeping lengths intact
    const second = buf.indexOf(Buffer.from(record(1).hash, 'latin1'));
    buf[second + 120] = buf[second + 120]! ^ 0xff;
    writeFileSync(file, buf);
    const again = openStore(dir, 'd');
    assert.deepEqual(again.get(record(0).hash), record(0));
    assert.equal(again.get(record(1).hash), undefined);
    assert.deepEqual(again.get(record(2).hash), record(2));
    assert.ok(again.stats().corrupt >= 1);
    // recomputed and stored again: found on the next open
    again.put(record(1));
    again.flush();
    assert.deepEqual(openStore(dir, 'd').get(record(1).hash), record(1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a torn segment (cut mid-entry) keeps the entries before the cut', () => {
  const dir = tmp();
  try {
    const s = openStore(dir, 'd');
    for (let i = 0; i < 3; i++) s.put(record(i));
    s.flush();
    const file = path.join(s.dir, readdirSync(s.dir).find((f) => f.endsWith('.dqc'))!);
    const buf = readFileSync(file);
    writeFileSync(file, buf.subarray(0, buf.length - 10));
    const again = openStore(dir, 'd');
    assert.deepEqual(again.get(record(1).hash), record(1));
    assert.equal(again.get(record(2).hash), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('many segments are compacted into one on open', () => {
  const dir = tmp();
  try {
    for (let k = 0; k < 20; k++) {
      const s = openStore(dir, 'd');
      s.put(record(k));
      s.flush();
    }
    const s = openStore(dir, 'd');
    assert.ok(readdirSync(s.dir).filter((f) => f.endsWith('.dqc')).length < 10);
    for (let k = 0; k < 20; k++) assert.deepEqual(openStore(dir, 'd').get(record(k).hash), record(k));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('segments larger than one read (1 MiB) are walked across chunk boundaries, torn tails included', () => {
  const dir = tmp();
  try {
    const s = openStore(dir, 'd');
    // ~5,000 entries of a few hundred bytes: entries straddle several 1 MiB chunk edges
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...record(i), pixelHash: 'p'.repeat(i % 300) }));
    for (const r of many) s.put(r);
    s.flush();
    s.close();
    const again = openStore(dir, 'd');
    assert.equal(again.stats().entries, many.length);
    assert.equal(again.stats().corrupt, 0);
    for (const i of [0, 1, 1234, 2999, 4999]) assert.deepEqual(again.get(many[i]!.hash), many[i]);
    again.close();
    const file = path.join(s.dir, readdirSync(s.dir).find((f) => f.endsWith('.dqc'))!);
    const buf = readFileSync(file);
    writeFileSync(file, buf.subarray(0, buf.length - 3));
    const torn = openStore(dir, 'd');
    assert.equal(torn.stats().entries, many.length - 1, 'the cut entry is not indexed');
    assert.equal(torn.stats().corrupt, 1);
    assert.deepEqual(torn.get(many[4998]!.hash), many[4998]);
    assert.equal(torn.get(many[4999]!.hash), undefined);
    torn.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compaction keeps one sound copy per hash and drops a corrupted entry', () => {
  const dir = tmp();
  try {
    const w = openStore(dir, 'd');
    for (let k = 0; k < 18; k++) {
      w.put(record(k));
      w.flush(); // one segment each: 18 > 16, so the next open compacts
    }
    w.close();
    // flip the last byte of the segment holding record(0): its CRC no longer matches
    const files = readdirSync(w.dir).filter((f) => f.endsWith('.dqc'));
    const file = path.join(w.dir, files.find((f) => readFileSync(path.join(w.dir, f)).includes(record(0).hash))!);
    const buf = readFileSync(file);
    buf[buf.length - 1]! ^= 0xff;
    writeFileSync(file, buf);
    const s = openStore(dir, 'd');
    assert.equal(readdirSync(s.dir).filter((f) => f.endsWith('.dqc')).length, 1, 'one segment after compaction');
    assert.equal(s.get(record(0).hash), undefined);
    for (let k = 1; k < 18; k++) assert.deepEqual(s.get(record(k).hash), record(k));
    assert.equal(s.stats().entries, 17);
    s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
