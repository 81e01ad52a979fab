/** Findings: one problem, at one place, with a stable fingerprint. */
import { createHash } from 'node:crypto';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** check id, e.g. 'box/tiny' */
  check: string;
  severity: Severity;
  /** a sentence a person understands */
  message: string;
  /** file the finding is about, relative to the dataset root */
  path?: string;
  /** 1-based line in `path` */
  line?: number;
  /** other files involved (the other copy of a duplicate …) */
  related?: string[];
  /** what, within path, the finding is about (a class name, a box index, a pair) */
  key: string;
  /** sha1(check, path, key), 16 hex chars: stable across runs and line moves */
  fingerprint: string;
  /** numbers behind the finding, for the JSON report */
  data?: Record<string, unknown>;
  /** set when a waiver in the config matched */
  waived?: { reason: string };
}

export function fingerprintOf(check: string, path: string | undefined, key: string): string {
  return createHash('sha1')
    .update(`${check}\u0000${path ?? ''}\u0000${key}`)
    .digest('hex')
    .slice(0, 16);
}

export interface FindingInit {
  check: string;
  severity: Severity;
  message: string;
  path?: string;
  line?: number;
  /** defaults to '' (one finding of this check per path) */
  key?: string;
  related?: string[];
  data?: Record<string, unknown>;
}

export function finding(init: FindingInit): Finding {
  const key = init.key ?? '';
  const f: Finding = {
    check: init.check,
    severity: init.severity,
    message: init.message,
    key,
    fingerprint: fingerprintOf(init.check, init.path, key),
  };
  if (init.path !== undefined) f.path = init.path;
  if (init.line !== undefined) f.line = init.line;
  if (init.related && init.related.length) f.related = init.related;
  if (init.data) f.data = init.data;
  return f;
}

/** One finding per fingerprint, the first kept: the same problem met twice (one file listed in two splits) is one problem. */
export function uniqueFindings(list: Finding[]): Finding[] {
  const seen = new Set<string>();
  return list.filter((f) => !seen.has(f.fingerprint) && !!seen.add(f.fingerprint));
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then by check, path and line: a stable order for reports. */
export function sortFindings(list: Finding[]): Finding[] {
  return [...list].sort(
    (a, b) =>
      ORDER[a.severity] - ORDER[b.severity] ||
      a.check.localeCompare(b.check) ||
      (a.path ?? '').localeCompare(b.path ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.key.localeCompare(b.key),
  );
}

/** The result every check returns: statistics for the report and findings. */
export interface CheckResult<S = unknown> {
  id: string;
  stats: S;
  findings: Finding[];
}
