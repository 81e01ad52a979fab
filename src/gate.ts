/**
 * The gate: pass or fail, with the reasons a person reads.
 * - fail-on all:   every unwaived error finding fails.
 * - fail-on new:   errors that are new against the base (by fingerprint), plus every threshold
 *                  gate evaluated on head (class minimums, background share, leakage), fail.
 * - fail-on never: report only.
 */
import type { Finding } from './findings.js';

export type FailOn = 'new' | 'all' | 'never';

/** Checks whose errors are dataset-wide thresholds: evaluated on head even with fail-on new. */
export const THRESHOLD_CHECKS = new Set([
  'class/min-instances',
  'class/min-images',
  'class/imbalance',
  'split/background-share',
  'leak/duplicate',
  'leak/same-file',
  'leak/group',
]);

export interface GateResult {
  verdict: 'pass' | 'fail';
  /** one line per reason, e.g. "split/background-share: 3 findings (val: 14.0% background …)" */
  reasons: string[];
  /** the findings that failed the gate */
  failing: Finding[];
  /** number of errors that are new against the base (fail-on new only) */
  newErrors?: number;
}

export function evaluateGate(findings: Finding[], failOn: FailOn, baseFingerprints?: Set<string>): GateResult {
  const errors = findings.filter((f) => f.severity === 'error' && !f.waived);
  let failing: Finding[];
  let newErrors: number | undefined;
  if (failOn === 'never') failing = [];
  else if (failOn === 'new' && baseFingerprints) {
    const fresh = errors.filter((f) => !baseFingerprints.has(f.fingerprint));
    newErrors = fresh.length;
    failing = errors.filter((f) => THRESHOLD_CHECKS.has(f.check) || !baseFingerprints.has(f.fingerprint));
  } else failing = errors;
  const byCheck = new Map<string, Finding[]>();
  for (const f of failing) {
    const list = byCheck.get(f.check);
    if (list) list.push(f);
    else byCheck.set(f.check, [f]);
  }
  // with a base, a threshold gate's findings the PR introduced are named first, and those already
  // at base are told apart (a PR that adds one leak to six old ones shows its own)
  const atBase = (f: Finding) => failOn === 'new' && baseFingerprints !== undefined && baseFingerprints.has(f.fingerprint);
  const reasons = [...byCheck].map(([check, list]) => {
    const old = list.filter(atBase);
    const first = list.find((f) => !atBase(f)) ?? list[0]!;
    const firstOld = atBase(first);
    const others = old.length - (firstOld ? 1 : 0);
    const more = list.length > 1 ? ` (and ${list.length - 1} more${others ? `, ${others === list.length - 1 ? 'all' : others} already at base` : ''})` : '';
    return `${check}: ${first.message}${firstOld ? ' [already at base]' : ''}${more}`;
  });
  const r: GateResult = { verdict: failing.length ? 'fail' : 'pass', reasons, failing };
  if (newErrors !== undefined) r.newErrors = newErrors;
  return r;
}
