/**
 * The keys the record store is cached under in the Actions cache (record-cache.ts explains the
 * scheme) and how a restored key relates to them.
 */

export type CacheHit = 'exact' | 'prefix' | 'none';

export interface CacheKeyParts {
  toolVersion: string;
  /** digest of the scan settings that affect a record */
  settingsDigest: string;
  /** e.g. a digest of the dataset's tree at head; '' when unknown */
  content?: string;
  /** default `${process.platform}-${process.arch}` */
  os?: string;
  runId?: string;
  runAttempt?: string;
}

export interface CacheKeys {
  primary: string;
  restoreKeys: string[];
  /** prefix shared by every run on the same content */
  contentPrefix: string;
  /** prefix shared by every entry this run can use */
  prefix: string;
}

const part = (s: string | undefined, max = 64) => (s ?? '').replace(/[^A-Za-z0-9._]/g, '_').slice(0, max) || 'none';

export function cacheKeys(p: CacheKeyParts): CacheKeys {
  const prefix = `dataset-qc-v1-${part(p.toolVersion, 32)}-${part(p.settingsDigest)}-${part(p.os ?? `${process.platform}-${process.arch}`, 32)}-`;
  const contentPrefix = `${prefix}${part(p.content)}-`;
  const primary = `${contentPrefix}${part(p.runId, 24) === 'none' ? 'local' : part(p.runId, 24)}-${part(p.runAttempt, 8) === 'none' ? '1' : part(p.runAttempt, 8)}`;
  return { primary, restoreKeys: [contentPrefix, prefix], contentPrefix, prefix };
}

/** How a restored key relates to this run's keys. */
export function hitOf(matched: string | undefined, keys: CacheKeys): CacheHit {
  if (!matched) return 'none';
  const m = matched.toLowerCase();
  return m === keys.primary.toLowerCase() || m.startsWith(keys.contentPrefix.toLowerCase()) ? 'exact' : 'prefix';
}
