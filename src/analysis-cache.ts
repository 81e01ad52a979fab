/**
 * Analysis cache: the findings and check statistics of a dataset whose every file is known by
 * its git blob SHA, keyed by that content and everything else that shapes the result (tool and
 * record versions, scan settings, config, reader options, labels-only). A PR run then takes the
 * base side from what the base-branch run computed instead of re-running every check on it.
 *
 * Layout: <cacheDir>/analysis/<key>.json.gz (gz-cache.ts); only the newest KEEP entries stay.
 */
import { createHash } from 'node:crypto';
import type { CheckResult, Finding } from './findings.js';
import { loadEntry, saveEntry } from './gz-cache.js';
import type { Dataset } from './model.js';
import { resolveSettings, settingsDigest, RECORD_VERSION } from './scan/settings.js';
import { TOOL_VERSION } from './version.js';
import { hashFileList } from './file-list-hash.js';

const FORMAT = 2;
const KEEP = 32;

export interface CachedAnalysis {
  checks: CheckResult[];
  findings: Finding[];
}

/**
 * The key of a dataset's analysis, or undefined when some input is not pinned by content: a file
 * the reader read, or an image, without a blob SHA (untracked or modified), a yaml outside the
 * root, a link leaving it. Other files count by name (see datasetKey in dataset-cache.ts).
 */
export function analysisKey(ds: Dataset, shaOf: (rel: string) => string | undefined, settings: unknown): string | undefined {
  if (!ds.files || ds.uncacheable || !ds.readPinned) return undefined;
  for (const img of ds.images) if (img.exists && !shaOf(img.path)) return undefined;
  const h = createHash('sha1');
  h.update(JSON.stringify({ FORMAT, TOOL_VERSION, RECORD_VERSION, scan: settingsDigest(resolveSettings()), settings }));
  hashFileList(h, ds.files, shaOf);
  return h.digest('hex');
}

export function loadAnalysis(cacheDir: string, key: string): CachedAnalysis | undefined {
  const v = loadEntry(cacheDir, 'analysis', key, (x): x is Record<string, unknown> & CachedAnalysis => Array.isArray(x.checks) && Array.isArray(x.findings));
  return v ? { checks: v.checks, findings: v.findings } : undefined;
}

export function saveAnalysis(cacheDir: string, key: string, value: CachedAnalysis): void {
  saveEntry(cacheDir, 'analysis', key, value, KEEP);
}
