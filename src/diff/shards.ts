/**
 * Shards: groups of files whose manifest (sorted path → blob SHA list) is digested together, so
 * that an unchanged digest proves nothing in the shard changed without looking at its files.
 * A shard is the top-level folder under the dataset root ('.' for files at the root), or, with
 * `globs`, the deepest folder of a file that matches one of the globs (e.g. `images/*` makes
 * images/train and images/val shards); files under no matching folder fall back to the top
 * level.
 */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';

export interface ShardOptions {
  /** folder globs, relative to the dataset root (picomatch syntax) */
  globs?: string[];
}

export const ROOT_SHARD = '.';

/** A function giving each dataset-relative path its shard. */
export function shardOf(opts: ShardOptions = {}): (path: string) => string {
  const globs = opts.globs?.map((g) => g.replace(/\/+$/, '')).filter(Boolean) ?? [];
  const match = globs.length ? picomatch(globs, { dot: true }) : undefined;
  const cache = new Map<string, string>();
  return (p: string) => {
    const slash = p.lastIndexOf('/');
    if (slash < 0) return ROOT_SHARD;
    const dir = p.slice(0, slash);
    let s = cache.get(dir);
    if (s !== undefined) return s;
    s = dir.includes('/') ? dir.slice(0, dir.indexOf('/')) : dir;
    if (match) {
      for (let d = dir; d; d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '') {
        if (match(d)) {
          s = d;
          break;
        }
      }
    }
    cache.set(dir, s);
    return s;
  };
}

/** shard → sha1 over its sorted "path NUL sha LF" lines. */
export function shardManifests(shas: Map<string, string>, opts: ShardOptions = {}): Map<string, string> {
  const of = shardOf(opts);
  const groups = new Map<string, string[]>();
  for (const p of shas.keys()) {
    const s = of(p);
    const l = groups.get(s);
    if (l) l.push(p);
    else groups.set(s, [p]);
  }
  const out = new Map<string, string>();
  for (const [s, paths] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    paths.sort();
    const h = createHash('sha1');
    for (const p of paths) h.update(`${p}\0${shas.get(p)}\n`);
    out.set(s, h.digest('hex'));
  }
  return out;
}

/** Shards whose digest differs, or that exist on one side only. */
export function changedShards(base: Map<string, string>, head: Map<string, string>): Set<string> {
  const out = new Set<string>();
  for (const [s, d] of head) if (base.get(s) !== d) out.add(s);
  for (const s of base.keys()) if (!head.has(s)) out.add(s);
  return out;
}

/** The paths (of `paths`) that lie in one of `shards`. */
export function pathsInShards(paths: Iterable<string>, shards: Set<string>, opts: ShardOptions = {}): string[] {
  const of = shardOf(opts);
  const out: string[] = [];
  for (const p of paths) if (shards.has(of(p))) out.push(p);
  return out;
}
