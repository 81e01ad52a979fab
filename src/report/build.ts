/** Assemble the versioned report object from the dataset, check results and gate. */
import path from 'node:path';
import type { FailOn, GateResult } from '../gate.js';
import { sortFindings, type CheckResult, type Finding } from '../findings.js';
import type { Dataset } from '../model.js';
import { classRows, splitRows, summaryOf } from './totals.js';
import type { QcReport } from './types.js';
import { REPORT_VERSION } from './version.js';
import { TOOL_VERSION } from '../version.js';

export interface BuildInput {
  dataset: Dataset;
  checks: CheckResult[];
  findings: Finding[];
  gate: GateResult;
  failOn: FailOn;
  scan?: { images: number; decoded: number; fromCache: number };
  /** shown instead of the absolute root (e.g. the path relative to the repo) */
  displayRoot?: string;
  now?: Date;
}

export function buildReport(inp: BuildInput): QcReport {
  const { dataset: ds } = inp;
  const splits = splitRows(ds);
  const perClass = classRows(ds);
  const findings = sortFindings(inp.findings);
  const live = findings.filter((f) => !f.waived);
  const stats: Record<string, unknown> = {};
  for (const c of inp.checks) if (c.stats !== undefined && c.stats !== null) stats[c.id] = c.stats;
  const report: QcReport = {
    reportVersion: REPORT_VERSION,
    tool: { name: 'dataset-qc', version: TOOL_VERSION },
    auditDate: (inp.now ?? new Date()).toISOString(),
    dataset: {
      name: path.basename(ds.root),
      root: inp.displayRoot ?? ds.root,
      format: ds.format,
      splits: ds.splits,
      ...(ds.source ? { source: ds.source } : {}),
    },
    summary: summaryOf(ds, splits, perClass),
    splits,
    perClass,
    stats,
    findings,
    counts: {
      error: live.filter((f) => f.severity === 'error').length,
      warning: live.filter((f) => f.severity === 'warning').length,
      info: live.filter((f) => f.severity === 'info').length,
      waived: findings.length - live.length,
    },
    gate: {
      verdict: inp.gate.verdict,
      readyToTrain: inp.gate.verdict === 'pass',
      failOn: inp.failOn,
      reasons: inp.gate.reasons,
      ...(inp.gate.newErrors !== undefined ? { newErrors: inp.gate.newErrors } : {}),
    },
    notes: ds.notes,
  };
  if (inp.scan) report.scan = inp.scan;
  return report;
}
