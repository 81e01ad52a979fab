/**
 * Stat cache for content hashes of files outside git (git's own index plays this part for
 * tracked files): absolute path + size + mtime + ctime + inode + device → content hash. A warm
 * rerun on a plain folder then reads no image at all. Layout: <dir>/hashes-v1.tsv, one line per
 * file, written to a temporary name and renamed into place (atomic; concurrent runs lose
 * entries at worst, never corrupt them).
 *
 * Trust rules (git's "racy clean" problem): an entry is remembered only when the file's mtime and
 * ctime are at least RACY_MS older than the moment it was hashed, so a later write within the
 * same timestamp tick cannot hide behind an unchanged stat. ctime cannot be set back by a user,
 * so `touch -d` to an old date after editing still changes the key.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import path from 'node:path';

const FILE = 'hashes-v1.tsv';
const RACY_MS = 2000n;
/** entries kept at most; the ones not seen in this run are dropped first */
const MAX_ENTRIES = 1_000_000;

export interface HashCache {
  /** stat the file: its cached hash when the stat is unchanged, plus the stat to remember with */
  lookup(absPath: string): { hash?: string; stat?: BigIntStats };
  /** remember a hash computed from bytes read after `stat` was taken */
  remember(absPath: string, stat: BigIntStats, hash: string): void;
  /** write the cache when something changed */
  save(): void;
}

const keyOf = (s: BigIntStats) => `${s.size}\t${s.mtimeNs}\t${s.ctimeNs}\t${s.ino}\t${s.dev}`;

export function openHashCache(dir: string, now: () => bigint = () => BigInt(Date.now())): HashCache {
  const file = path.join(dir, FILE);
  const entries = new Map<string, { key: string; hash: string; seen: boolean }>();
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const parts = line.split('\t');
      if (parts.length !== 7 || !/^[0-9a-f]{40}$/.test(parts[6]!)) continue;
      entries.set(parts[0]!, { key: parts.slice(1, 6).join('\t'), hash: parts[6]!, seen: false });
    }
  } catch {
    /* none yet, or unreadable: start empty */
  }
  let dirty = false;
  return {
    lookup(absPath) {
      let stat: BigIntStats;
      try {
        stat = statSync(absPath, { bigint: true });
      } catch {
        return {};
      }
      if (!stat.isFile()) return {};
      const e = entries.get(absPath);
      if (e && e.key === keyOf(stat)) {
        e.seen = true;
        return { hash: e.hash, stat };
      }
      return { stat };
    },
    remember(absPath, stat, hash) {
      if (absPath.includes('\t') || absPath.includes('\n')) return;
      const limit = now() - RACY_MS;
      if (stat.mtimeMs >= limit || stat.ctimeMs >= limit) return;
      entries.set(absPath, { key: keyOf(stat), hash, seen: true });
      dirty = true;
    },
    save() {
      if (!dirty) return;
      let list = [...entries];
      if (list.length > MAX_ENTRIES) list = [...list.filter(([, e]) => e.seen), ...list.filter(([, e]) => !e.seen)].slice(0, MAX_ENTRIES);
      const text = list.map(([p, e]) => `${p}\t${e.key}\t${e.hash}\n`).join('');
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
      dirty = false;
    },
  };
}
