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
import { listingKeyOf } from './dataset-cache.js';

/**
 * Bumped whenever the checks' output changes (a new check, a severity, a message): a cached
 * analysis of the previous code would otherwise stand for the base of a PR, and the change would
 * look like something the PR introduced. 4: class/similar-names, leak/same-file, split class
 * coverage, YOLO values Ultralytics rejects, small drift shifts, COCO id checks. 5: keyed by the
 * dataset's snapshot key where it has one.
 */
const FORMAT = 5;
const KEEP = 32;

export interface CachedAnalysis {
  checks: CheckResult[];
  findings: Finding[];
  /**
   * the image statistics drift compares (drift.ts recordStats), so that the other side of a later
   * comparison needs no records at all (stored as float64 bytes, base64: exact and compact)
   */
  imageStats?: Record<string, number[]>;
}

type Stored = Omit<CachedAnalysis, 'imageStats'> & { imageStats?: Record<string, string> };

const packStats = (s: Record<string, number[]>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Buffer.from(Float64Array.from(v).buffer).toString('base64')]));
function unpackStats(s: unknown): Record<string, number[]> | undefined {
  if (!s || typeof s !== 'object') return undefined;
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(s)) {
    if (typeof v !== 'string') return undefined;
    const b = Buffer.from(v, 'base64');
    if (b.length % 8) return undefined;
    out[k] = Array.from(new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)));
  }
  return out;
}

/**
 * The key of a dataset's analysis, or undefined when some input is not pinned by content: a file
 * the reader read, or an image, without a blob SHA (untracked or modified), a yaml outside the
 * root, a link leaving it. Other files count by name (see datasetKey in dataset-cache.ts), whose
 * key stands for the listing when the dataset was read under one (listingKeyOf).
 */
export function analysisKey(ds: Dataset, shaOf: (rel: string) => string | undefined, settings: unknown): string | undefined {
  if (!ds.files || ds.uncacheable || !ds.readPinned) return undefined;
  for (const img of ds.images) if (img.exists && !shaOf(img.path)) return undefined;
  const h = createHash('sha1');
  h.update(JSON.stringify({ FORMAT, TOOL_VERSION, RECORD_VERSION, scan: settingsDigest(resolveSettings()), settings }));
  // the snapshot key already hashed the listing (a superset of the files read, images included)
  const listing = listingKeyOf(ds);
  if (listing) h.update(`listing ${listing}`);
  else hashFileList(h, ds.files, shaOf);
  return h.digest('hex');
}

export function loadAnalysis(cacheDir: string, key: string): CachedAnalysis | undefined {
  const v = loadEntry(cacheDir, 'analysis', key, (x): x is Record<string, unknown> & Stored => Array.isArray(x.checks) && Array.isArray(x.findings));
  if (!v) return undefined;
  const imageStats = v.imageStats === undefined ? undefined : unpackStats(v.imageStats);
  if (v.imageStats !== undefined && !imageStats) return undefined; // damaged: a miss
  return { checks: v.checks, findings: v.findings, ...(imageStats ? { imageStats } : {}) };
}

export function saveAnalysis(cacheDir: string, key: string, value: CachedAnalysis): void {
  const { imageStats, ...rest } = value;
  saveEntry(cacheDir, 'analysis', key, { ...rest, ...(imageStats ? { imageStats: packStats(imageStats) } : {}) }, KEEP);
}
