/**
 * Findings on the label files a PR changed, as annotations. While few (GitHub keeps at most 10
 * error and 10 warning annotations per step), emit them as workflow commands through
 * @actions/core; beyond that, send them with a check run (check-run.ts) in batches of 50.
 * Finding paths are relative to the dataset root; annotation paths must be relative to the
 * repository, so the caller gives the dataset's directory inside the repository.
 */
import path from 'node:path';
import * as core from '@actions/core';
import type { Finding } from '../findings.js';
import type { CheckAnnotation } from './github-api.js';

export interface AnnotationOptions {
  /** dataset root relative to the repository root ('' or '.' for the root itself), posix */
  datasetDir: string;
  /** repository-relative paths of the files the PR changed; only findings on these are annotated */
  changedFiles?: ReadonlySet<string>;
  /** annotate info findings too (default false) */
  includeInfo?: boolean;
}

const LEVEL = { error: 'failure', warning: 'warning', info: 'notice' } as const;

export function repoPath(datasetDir: string, file: string): string {
  const joined = path.posix.normalize(path.posix.join(datasetDir.replace(/\\/g, '/') || '.', file.replace(/\\/g, '/')));
  return joined.replace(/^\.\//, '');
}

export function toAnnotations(findings: readonly Finding[], o: AnnotationOptions): CheckAnnotation[] {
  const out: CheckAnnotation[] = [];
  for (const f of findings) {
    if (!f.path || f.waived) continue;
    if (f.severity === 'info' && !o.includeInfo) continue;
    const file = repoPath(o.datasetDir, f.path);
    if (o.changedFiles && !o.changedFiles.has(file)) continue;
    const line = f.line && f.line > 0 ? f.line : 1;
    const a: CheckAnnotation = {
      path: file,
      start_line: line,
      end_line: line,
      annotation_level: LEVEL[f.severity],
      message: f.message,
      title: `dataset-qc ${f.check}`,
    };
    if (f.related?.length) a.raw_details = `Also involved:\n${f.related.join('\n')}`;
    out.push(a);
  }
  return out;
}

/**
 * 'commands' when every level has at most `maxPerLevel` annotations (lower it to leave room for
 * the step's own ::error:: / ::warning:: lines), 'check-run' beyond, 'none' when empty.
 */
export function annotationRoute(annotations: readonly CheckAnnotation[], maxPerLevel = 10): 'none' | 'commands' | 'check-run' {
  if (!annotations.length) return 'none';
  const n = { failure: 0, warning: 0, notice: 0 };
  for (const a of annotations) n[a.annotation_level]++;
  return Math.max(n.failure, n.warning, n.notice) <= maxPerLevel ? 'commands' : 'check-run';
}

export type CommandSink = Pick<typeof core, 'error' | 'warning' | 'notice'>;

/** ::error file=…,line=…,title=…:: and friends. */
export function emitWorkflowCommands(annotations: readonly CheckAnnotation[], sink: CommandSink = core): void {
  for (const a of annotations) {
    const props: core.AnnotationProperties = { file: a.path, startLine: a.start_line, endLine: a.end_line };
    if (a.title) props.title = a.title;
    if (a.annotation_level === 'failure') sink.error(a.message, props);
    else if (a.annotation_level === 'warning') sink.warning(a.message, props);
    else sink.notice(a.message, props);
  }
}
