/**
 * Pair memos (near-memo.ts) as files in the record store directory: <cacheDir>/pairs/<name>.bin,
 * one per search, replaced atomically by every run. A file that is short, long or from another
 * layout is a miss (the search then runs in full); writing is best effort.
 *
 * Layout, little-endian: "DQCP", version u32, r u32, nq u32, nt u32, np u32, then qHi qLo tHi tLo
 * (u32 × n each), a b (u32 × np), d (u8 × np). A self search (targets = queries) writes nt = SELF
 * and no target columns.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PairMemo, PairMemoStore } from './near-memo.js';

const MAGIC = 0x50435144; // "DQCP"
const VERSION = 2;
const HEAD = 24;
/** nt of a self search: the targets are the queries */
const SELF = 0xffffffff;
/** memos no search writes any more (the rotated/mirrored search indexed 7 n transformed hashes: phash-x<transforms>) */
const RETIRED = /^phash-x\d+\.bin$/;

export function memoFiles(cacheDir: string): PairMemoStore {
  const dir = path.join(cacheDir, 'pairs');
  const fileOf = (name: string) => path.join(dir, `${name.replace(/[^\w.-]/g, '_')}.bin`);
  let swept = false;
  /** once per store: retired memos are deleted (they would be carried from cache to cache) */
  const sweep = () => {
    if (swept) return;
    swept = true;
    for (const f of readdirSync(dir)) if (RETIRED.test(f)) rmSync(path.join(dir, f), { force: true });
  };
  return {
    load(name) {
      try {
        return decodeMemo(readFileSync(fileOf(name)));
      } catch {
        return undefined;
      }
    },
    save(name, memo) {
      try {
        mkdirSync(dir, { recursive: true });
        const file = fileOf(name);
        const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
        writeFileSync(tmp, encodeMemo(memo));
        renameSync(tmp, file);
        sweep();
      } catch {
        /* the next run searches in full */
      }
    },
  };
}

export function encodeMemo(m: PairMemo): Buffer {
  const nq = m.qHi.length;
  const self = m.tHi === m.qHi && m.tLo === m.qLo;
  const nt = self ? 0 : m.tHi.length;
  const np = m.a.length;
  const buf = Buffer.alloc(HEAD + 4 * (2 * nq + 2 * nt + 2 * np) + np);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(VERSION, 4);
  buf.writeUInt32LE(m.r, 8);
  buf.writeUInt32LE(nq, 12);
  buf.writeUInt32LE(self ? SELF : nt, 16);
  buf.writeUInt32LE(np, 20);
  let off = HEAD;
  for (const col of self ? [m.qHi, m.qLo, m.a, m.b] : [m.qHi, m.qLo, m.tHi, m.tLo, m.a, m.b]) {
    Buffer.from(col.buffer, col.byteOffset, col.byteLength).copy(buf, off);
    off += col.byteLength;
  }
  Buffer.from(m.d.buffer, m.d.byteOffset, m.d.byteLength).copy(buf, off);
  return buf;
}

export function decodeMemo(buf: Buffer): PairMemo | undefined {
  if (buf.length < HEAD || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== VERSION) return undefined;
  const r = buf.readUInt32LE(8);
  const nq = buf.readUInt32LE(12);
  const self = buf.readUInt32LE(16) === SELF;
  const nt = self ? 0 : buf.readUInt32LE(16);
  const np = buf.readUInt32LE(20);
  if (buf.length !== HEAD + 4 * (2 * nq + 2 * nt + 2 * np) + np) return undefined;
  let off = HEAD;
  const u32 = (n: number) => {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++, off += 4) out[i] = buf.readUInt32LE(off);
    return out;
  };
  const qHi = u32(nq);
  const qLo = u32(nq);
  const [tHi, tLo] = self ? [qHi, qLo] : [u32(nt), u32(nt)];
  const m: PairMemo = { r, qHi, qLo, tHi, tLo, a: u32(np), b: u32(np), d: new Uint8Array(buf.subarray(off, off + np)) };
  // values strictly ascending, indices inside them: a damaged file must not become wrong pairs
  const ascending = (hi: Uint32Array, lo: Uint32Array) => hi.every((h, i) => i === 0 || h > hi[i - 1]! || (h === hi[i - 1] && lo[i]! > lo[i - 1]!));
  if (!ascending(qHi, qLo) || (!self && !ascending(tHi, tLo))) return undefined;
  for (let k = 0; k < np; k++) if (m.a[k]! >= nq || m.b[k]! >= tHi.length) return undefined;
  return m;
}
