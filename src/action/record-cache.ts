/**
 * Persisting the record-store directory across runs. Only the folder moves in and out; its files
 * belong to the record store (src/scan/store.ts).
 *
 * - `actions`: the GitHub Actions cache (@actions/cache), when `isFeatureAvailable()` (only in an
 *   action step on a runner). Entries are immutable, so the primary key is unique per run:
 *     dataset-qc-v1-<tool>-<settings>-<os>-<content>-<run id>-<attempt>
 *   and the restore keys fall back to the newest entry of the same content, then of any content
 *   (same tool, settings, OS). The service itself searches the current branch scope first, then
 *   the base/default branch: a PR run reads what base-branch runs (push/schedule) saved; what a
 *   PR run saves is visible only to re-runs of that PR. Restore and save pass the identical
 *   `[dir]` paths array (the entry version hashes it). Save is skipped when the directory did not
 *   change since restore.
 * - `directory`: the directory is used in place (local runs, self-hosted runners, `cache: false`);
 *   restore only reports what is there, save writes a small manifest naming the content.
 *
 * Every failure is a warning, never a throw.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { cacheKeys, hitOf, type CacheHit, type CacheKeyParts, type CacheKeys } from './cache-keys.js';

export { cacheKeys, hitOf, type CacheHit, type CacheKeyParts, type CacheKeys };

export interface RecordCache {
  readonly kind: 'actions' | 'directory';
  /** the record-store directory to open */
  readonly dir: string;
  restore(): Promise<{ hit: CacheHit; key?: string }>;
  save(): Promise<void>;
}

export interface LogSink {
  info(message: string): void;
  warning(message: string): void;
}

/** The part of @actions/cache used (injectable for tests). */
export interface CacheService {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

const actionsService: CacheService = {
  isFeatureAvailable: () => cache.isFeatureAvailable(),
  restoreCache: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
  saveCache: (paths, key) => cache.saveCache(paths, key),
};

/** relative path + size + mtime of every file: a change detector for "anything new to save?" */
export function dirFingerprint(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && e.name !== MANIFEST) {
        try {
          const s = statSync(full);
          out.push(`${path.relative(dir, full)}\u0000${s.size}\u0000${s.mtimeMs}`);
        } catch {
          /* removed meanwhile */
        }
      }
    }
  };
  walk(dir);
  return out.sort().join('\n');
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createActionsCache(dir: string, keys: CacheKeys, service: CacheService = actionsService, log: LogSink = core): RecordCache {
  let restored: string | undefined;
  let hit: CacheHit = 'none';
  return {
    kind: 'actions',
    dir,
    async restore() {
      try {
        mkdirSync(dir, { recursive: true });
        const matched = await service.restoreCache([dir], keys.primary, keys.restoreKeys);
        hit = hitOf(matched, keys);
        log.info(matched ? `Record store restored from cache key ${matched} (${hit} match).` : 'No cached record store found: every image is decoded.');
        restored = dirFingerprint(dir);
        return matched ? { hit, key: matched } : { hit };
      } catch (e) {
        log.warning(`Restoring the record store from the Actions cache failed (images are decoded instead): ${errText(e)}`);
        restored = dirFingerprint(dir);
        return { hit: 'none' };
      }
    },
    async save() {
      try {
        const now = dirFingerprint(dir);
        if (!now) return log.info('Record store is empty: nothing to cache.');
        if (restored !== undefined && now === restored && hit !== 'none') return log.info('Record store unchanged since restore: cache not saved.');
        const id = await service.saveCache([dir], keys.primary);
        log.info(id === -1 ? `Record store not saved under ${keys.primary} (key exists or saving is not allowed).` : `Record store saved to cache key ${keys.primary}.`);
      } catch (e) {
        log.warning(`Saving the record store to the Actions cache failed (the next run decodes more): ${errText(e)}`);
      }
    },
  };
}

const MANIFEST = 'dataset-qc-cache.json';

export function createDirectoryCache(dir: string, keys: CacheKeys, log: LogSink = core): RecordCache {
  return {
    kind: 'directory',
    dir,
    async restore() {
      try {
        mkdirSync(dir, { recursive: true });
        if (!dirFingerprint(dir)) return { hit: 'none' };
        let key: string | undefined;
        try {
          key = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8'))?.key;
        } catch {
          /* no manifest: records of unknown content */
        }
        return key && key.startsWith(keys.contentPrefix) ? { hit: 'exact', key } : { hit: 'prefix', ...(key ? { key } : {}) };
      } catch (e) {
        log.warning(`Record store directory ${dir} is not usable: ${errText(e)}`);
        return { hit: 'none' };
      }
    },
    async save() {
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = path.join(dir, `${MANIFEST}.${process.pid}.${Date.now()}.tmp`);
        writeFileSync(tmp, JSON.stringify({ key: keys.primary, savedAt: new Date().toISOString() }) + '\n');
        renameSync(tmp, path.join(dir, MANIFEST));
      } catch (e) {
        log.warning(`Could not write the record store manifest in ${dir}: ${errText(e)}`);
      }
    },
  };
}

export interface RecordCacheOptions {
  /** record-store directory (the `cache-dir` input) */
  dir: string;
  /** the `cache` input: use the Actions cache service when it is available */
  useService: boolean;
  keys: CacheKeyParts;
  service?: CacheService;
  log?: LogSink;
}

/** The Actions cache when asked for and available, else the directory in place. */
export function createRecordCache(o: RecordCacheOptions): RecordCache {
  const keys = cacheKeys(o.keys);
  const service = o.service ?? actionsService;
  const log = o.log ?? core;
  let available = false;
  if (o.useService) {
    try {
      available = service.isFeatureAvailable();
    } catch (e) {
      log.warning(`Could not tell whether the Actions cache is available: ${errText(e)}`);
    }
    if (!available) log.info(`Actions cache service not available here: using the record store in ${o.dir} directly.`);
  }
  return available ? createActionsCache(o.dir, keys, service, log) : createDirectoryCache(o.dir, keys, log);
}
