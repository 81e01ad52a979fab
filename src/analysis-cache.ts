/**
 * Analysis cache: the findings and check statistics of a dataset whose every file is known by
 * its git blob SHA, keyed by that content and everything else that shapes the result (tool and
 * record versions, scan settings, config, reader options, labels-only). A PR run then takes the
 * base side from what the base-branch run computed instead of re-running every check on it.
 *
 * Layout: <cacheDir>/analysis/<key>.json.gz, written under a temporary name and renamed (atomic);
 * only the newest KEEP files stay. An unreadable or malformed entry is a miss, never trusted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CheckResult, Finding } from './findings.js';
import type { Dataset } from './model.js';
import { resolveSettings, settingsDigest, RECORD_VERSION } from './scan/settings.js';
import { TOOL_VERSION } from './version.js';

const FORMAT = 1;
const KEEP = 32;

export interface CachedAnalysis {
  checks: CheckResult[];
  findings: Finding[];
}

/**
 * The key of a dataset's analysis, or undefined when some input is not pinned by content: a
 * file without a blob SHA (untracked or modified), a yaml outside the root, a link leaving it.
 */
export function analysisKey(ds: Dataset, shaOf: (rel: string) => string | undefined, settings: unknown): string | undefined {
  if (!ds.files || ds.uncacheable) return undefined;
  const h = createHash('sha1');
  h.update(JSON.stringify({ FORMAT, TOOL_VERSION, RECORD_VERSION, scan: settingsDigest(resolveSettings()), settings }));
  for (const f of ds.files) {
    const sha = shaOf(f);
    if (!sha) return undefined;
    h.update(`${f}\0${sha}\n`);
  }
  return h.digest('hex');
}

const fileOf = (cacheDir: string, key: string) => path.join(cacheDir, 'analysis', `${key}.json.gz`);

export function loadAnalysis(cacheDir: string, key: string): CachedAnalysis | undefined {
  try {
    const v = JSON.parse(gunzipSync(readFileSync(fileOf(cacheDir, key))).toString('utf8')) as { key?: unknown } & Partial<CachedAnalysis>;
    if (v.key !== key || !Array.isArray(v.checks) || !Array.isArray(v.findings)) return undefined;
    return { checks: v.checks, findings: v.findings };
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written only costs time on the next run. */
export function saveAnalysis(cacheDir: string, key: string, value: CachedAnalysis): void {
  try {
    const dir = path.join(cacheDir, 'analysis');
    mkdirSync(dir, { recursive: true });
    const file = fileOf(cacheDir, key);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, gzipSync(JSON.stringify({ key, ...value })));
    renameSync(tmp, file);
    prune(dir);
  } catch {
    /* ignore */
  }
}

function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json.gz'))
    .map((f) => {
      try {
        return { f, t: statSync(path.join(dir, f)).mtimeMs };
      } catch {
        return { f, t: 0 };
      }
    })
    .sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(KEEP)) {
    try {
      unlinkSync(path.join(dir, f));
    } catch {
      /* removed meanwhile */
    }
  }
}
