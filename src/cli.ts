/**
 * The command-line front: `dataset-qc check <path>` and `dataset-qc diff <base> [<head>] [path]`.
 * Exit codes: 0 pass, 1 gate failed, 2 usage/config error, 3 internal error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analysisKeyFor } from './revision.js';
import { analyze, readForCheck, resolveConfig, workTreeShasOf } from './engine.js';
import { evaluateGate } from './gate.js';
import { defaultCacheDir, describeIssues, runOptionsSchema, UsageError, type RunOptions } from './options.js';
import { progressMode } from './progress.js';
import { buildReport } from './report/build.js';
import { renderMarkdown } from './report/markdown.js';
import type { QcReport } from './report/types.js';
import { TOOL_VERSION } from './version.js';
import { runDiffCommand } from './diff-command.js';

export const USAGE = `dataset-qc ${TOOL_VERSION}: QC for computer-vision datasets (YOLO, COCO, Pascal VOC)

Usage:
  dataset-qc check <path> [options]        check a dataset folder, data.yaml or COCO json
  dataset-qc diff <base> [<head>] [path]   compare the dataset at two git revisions
                                           (head defaults to the working tree)

Options:
  --config FILE          .dataset-qc.yml to use (default: searched in the dataset folder, then .)
  --format F             report format json|md|both (default md), or dataset format yolo|coco|voc
  --report-format F      json|md|both
  --dataset-format F     yolo|coco|voc (default: detected)
  --out DIR              write report.json / report.md into DIR (default: Markdown to stdout)
  --group-by REGEX       group key = first capture group of REGEX on the image path
  --cache-dir DIR        record store (default: $XDG_CACHE_HOME/dataset-qc or ~/.cache/dataset-qc)
  --labels-only          skip the pixel scan (no image decoding)
  --fail-on new|all|never  (diff only; check uses all) which errors fail
  --concurrency N        images decoded at once
  --quiet                no progress output
  -h, --help             this help
  -v, --version          print the version

Exit codes: 0 pass, 1 gate failed, 2 usage or config error, 3 internal error.`;

const FLAGS = {
  config: { type: 'string' },
  format: { type: 'string' },
  'report-format': { type: 'string' },
  'dataset-format': { type: 'string' },
  out: { type: 'string' },
  'group-by': { type: 'string' },
  'cache-dir': { type: 'string' },
  'labels-only': { type: 'boolean' },
  'fail-on': { type: 'string' },
  concurrency: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const FLAG_OF: Record<string, string> = {
  reportFormat: '--format', format: '--dataset-format', groupBy: '--group-by', cacheDir: '--cache-dir',
  labelsOnly: '--labels-only', path: '<path>', concurrency: '--concurrency', out: '--out', config: '--config',
};

export type Values = { [K in keyof typeof FLAGS]?: (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

export function toRunOptions(target: string, v: Values, stderr: NodeJS.WriteStream): RunOptions {
  let reportFormat = v['report-format'];
  let datasetFormat = v['dataset-format'];
  if (v.format) {
    if (['yolo', 'coco', 'voc'].includes(v.format)) datasetFormat ??= v.format;
    else reportFormat ??= v.format;
  }
  const parsed = runOptionsSchema.safeParse({
    path: target,
    config: v.config,
    format: datasetFormat,
    reportFormat,
    out: v.out,
    groupBy: v['group-by'],
    cacheDir: v['cache-dir'] ?? defaultCacheDir(),
    labelsOnly: v['labels-only'] ?? false,
    progress: v.quiet ? 'off' : progressMode(stderr),
    concurrency: v.concurrency !== undefined ? Number(v.concurrency) : undefined,
  });
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error, (k) => FLAG_OF[k] ?? k));
  return parsed.data;
}

/** Refuse to write into the dataset: nothing the user owns is modified. */
export function assertOutside(dir: string, datasetRoot: string, flag: string): void {
  const rel = path.relative(datasetRoot, path.resolve(dir));
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)))
    throw new UsageError(`${flag} ${dir} is inside the dataset folder; dataset-qc never writes there. Choose another directory.`);
}

export function writeReports(report: QcReport, opts: RunOptions, stdout: NodeJS.WritableStream, markdown = renderMarkdown(report)): void {
  const json = JSON.stringify(report, null, 2) + '\n';
  if (!opts.out) {
    stdout.write(opts.reportFormat === 'json' ? json : markdown);
    if (opts.reportFormat === 'both') stdout.write('\n```json\n' + json + '```\n');
    return;
  }
  mkdirSync(opts.out, { recursive: true });
  if (opts.reportFormat !== 'md') writeFileSync(path.join(opts.out, 'report.json'), json);
  if (opts.reportFormat !== 'json') writeFileSync(path.join(opts.out, 'report.md'), markdown);
}

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runCheckCommand(opts: RunOptions, io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const { config, target } = resolveConfig(opts);
  const ds = await readForCheck(opts, config, target);
  if (opts.out) assertOutside(opts.out, ds.root, '--out');
  if (opts.cacheDir && !opts.labelsOnly) assertOutside(opts.cacheDir, ds.root, '--cache-dir');
  // in git: images known by their blob SHAs (nothing read to hash them), and the result of the
  // same content taken from the analysis cache (the head side of a `diff`, an earlier check)
  const shas = workTreeShasOf(ds);
  const cacheKey = shas && analysisKeyFor(ds, (rel) => shas.get(rel), opts, config);
  const analysis = await analyze(ds, config, {
    labelsOnly: opts.labelsOnly,
    progress: opts.progress,
    pointersFatal: true,
    ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(shas?.size ? { blobShas: shas } : {}),
    ...(cacheKey ? { cacheKey } : {}),
  });
  const gate = evaluateGate(analysis.findings, 'all');
  const report = buildReport({
    dataset: ds,
    checks: analysis.checks,
    findings: analysis.findings,
    gate,
    failOn: 'all',
    displayRoot: path.relative(process.cwd(), ds.root) || '.',
    ...(analysis.scan ? { scan: analysis.scan } : {}),
  });
  writeReports(report, opts, io.stdout);
  if (opts.out || opts.progress !== 'off')
    io.stderr.write(`dataset-qc: ${report.summary.images} images, ${report.summary.boxes} boxes, ${report.counts.error} errors, ${report.counts.warning} warnings: ${gate.verdict === 'pass' ? 'pass' : 'FAIL'}\n`);
  return gate.verdict === 'pass' ? 0 : 1;
}

export async function cliMain(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
    if (values.version) return io.stdout.write(TOOL_VERSION + '\n'), 0;
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      (values.help ? io.stdout : io.stderr).write(USAGE + '\n');
      return values.help ? 0 : 2;
    }
    if (command === 'check') {
      if (rest.length !== 1) throw new UsageError('check takes exactly one <path>');
      return await runCheckCommand(toRunOptions(rest[0]!, values, io.stderr), io);
    }
    if (command === 'diff') {
      if (rest.length < 1 || rest.length > 3) throw new UsageError('diff takes <base> [<head>] [path]');
      return await runDiffCommand(rest, values, io);
    }
    throw new UsageError(`unknown command '${command}' (expected check or diff)`);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`dataset-qc: ${err.message}\nRun 'dataset-qc --help' for usage.\n`);
      return 2;
    }
    io.stderr.write(`dataset-qc: internal error: ${err.stack ?? err.message}\nPlease report this with the command you ran.\n`);
    return 3;
  }
}
