/**
 * `dataset-qc diff <base> [<head>] [path]`: the dataset at two git revisions (head defaults to
 * the working tree), both analysed by the same engine, with the version diff, drift and a gate
 * that by default fails only on errors the head introduced (plus threshold gates on head).
 * With two arguments the second is the dataset path when it exists on disk, else the head rev.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { assertOutside, toRunOptions, writeReports, type Values } from './cli.js';
import { compare } from './compare.js';
import { prefetchTree } from './diff/git-tree.js';
import { treeKnown } from './tree-alias.js';
import { readForCheck, resolveConfig } from './engine.js';
import { gitTopLevel } from './formats/read.js';
import { evaluateGate, type FailOn } from './gate.js';
import { UsageError } from './options.js';
import { buildReport } from './report/build.js';
import { changeSections } from './report/changes.js';
import { renderMarkdown } from './report/markdown.js';

const FAIL_ON: readonly FailOn[] = ['new', 'all', 'never'];

export function splitDiffArgs(rest: string[]): { base: string; head?: string; target: string } {
  const [base, second, third] = rest;
  if (third !== undefined) return { base: base!, head: second!, target: third };
  if (second !== undefined) return existsSync(second) ? { base: base!, target: second } : { base: base!, head: second, target: '.' };
  return { base: base!, target: '.' };
}

export async function runDiffCommand(rest: string[], values: Values, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<number> {
  const { base, head, target: targetArg } = splitDiffArgs(rest);
  const failOn = (values['fail-on'] ?? 'new') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on ${values['fail-on']}: expected new, all or never`);
  const opts = toRunOptions(targetArg, values, io.stderr);
  const { config, target } = resolveConfig(opts);
  if (!head) {
    // git lists the base while the head is read from the work tree
    const dir = statSync(target).isDirectory() ? target : path.dirname(target);
    const repo = gitTopLevel(dir);
    const cacheDir = opts.cacheDir;
    if (repo) prefetchTree(repo, base, dir, cacheDir ? (tree) => treeKnown(cacheDir, tree) : undefined);
  }
  const headDs = await readForCheck(opts, config, target);
  if (opts.out) assertOutside(opts.out, headDs.root, '--out');
  if (opts.cacheDir && !opts.labelsOnly) assertOutside(opts.cacheDir, headDs.root, '--cache-dir');
  const cmp = await compare({ run: opts, config, headDs, baseRev: base, ...(head ? { headRev: head } : {}) });
  const findings = cmp.head.analysis.findings;
  const baseFingerprints = cmp.base ? new Set(cmp.base.analysis.findings.map((f) => f.fingerprint)) : new Set<string>();
  const gate = evaluateGate(findings, failOn, baseFingerprints);
  const report = buildReport({
    dataset: cmp.head.ds,
    checks: cmp.head.analysis.checks,
    findings,
    gate,
    failOn,
    displayRoot: path.relative(process.cwd(), headDs.root) || '.',
    ...(cmp.head.analysis.scan ? { scan: cmp.head.analysis.scan } : {}),
  });
  if (cmp.baseMissing) report.notes.push(cmp.baseMissing);
  if (cmp.diff) report.diff = cmp.diff;
  if (cmp.drift) report.drift = cmp.drift;
  writeReports(report, opts, io.stdout, renderMarkdown(report, { extra: changeSections(report, 0) }));
  if (opts.out || opts.progress !== 'off')
    io.stderr.write(`dataset-qc diff ${base}..${head ?? 'working tree'}: ${report.counts.error} errors (${gate.newErrors ?? 0} new): ${gate.verdict === 'pass' ? 'pass' : 'FAIL'}\n`);
  return gate.verdict === 'pass' ? 0 : 1;
}
