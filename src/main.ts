/**
 * The action, start to end. Orchestration only: inputs → record store → head and base analysis
 * → gate → report files, job summary, outputs → PR comment and annotations → store saved →
 * history. Usage errors fail the step with their message; GitHub and cache failures are warnings.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { createHash } from 'node:crypto';
import { compare } from './compare.js';
import { prefetchTree, workTreeBlobShas } from './diff/git-tree.js';
import { gitTopLevel } from './formats/read.js';
import { readForCheck, resolveConfig, workTreeShasOf } from './engine.js';
import { evaluateGate } from './gate.js';
import { UsageError } from './options.js';
import { buildReport } from './report/build.js';
import { renderMarkdown } from './report/markdown.js';
import { changeSections } from './report/changes.js';
import { readActionContext } from './action/context.js';
import { createGitHubApi } from './action/github-api.js';
import { readActionInputs, toRunOptions } from './action/inputs.js';
import { publish } from './action/publish.js';
import { postReport } from './action/post-report.js';
import { createRecordCache } from './action/record-cache.js';
import { cutText } from './action/trim.js';
import { recordHistory } from './action/history-step.js';
import { resolveSettings, settingsDigest } from './scan/settings.js';
import { TOOL_VERSION } from './version.js';

const SUMMARY_LIMIT = 1_000_000; // GITHUB_STEP_SUMMARY takes at most 1 MiB per step

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = readActionInputs(env);
    const ctx = readActionContext(env);
    const api = inputs.token ? createGitHubApi({ token: inputs.token, apiUrl: ctx.apiUrl, env }) : undefined;
    if (inputs.postReport) return await postReport(inputs, ctx, api, path.resolve(env.GITHUB_WORKSPACE || process.cwd()));

    const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
    // `path` may name the config file itself: the dataset is then its folder
    const isConfig = /(^|\/)\.dataset-qc\.ya?ml$/.test(inputs.path);
    const config0 = inputs.config ?? (isConfig ? inputs.path : undefined);
    const runOpts = toRunOptions(inputs, {
      path: path.resolve(workspace, isConfig ? path.dirname(inputs.path) : inputs.path),
      ...(config0 ? { config: path.resolve(workspace, config0) } : {}),
    });
    const { config, target } = resolveConfig(runOpts);
    // the record store (with the last dataset snapshot) is restored before the dataset is read:
    // the head read then re-reads only the files that changed
    const targetDir = statSync(target).isDirectory() ? target : path.dirname(target);
    const topLevel = gitTopLevel(targetDir);
    const baseRev = inputs.baseRef ?? ctx.baseSha;
    if (baseRev && topLevel) prefetchTree(topLevel, baseRev, targetDir); // git lists the base while the rest goes on
    const targetShas = topLevel ? await workTreeBlobShas(topLevel, path.relative(topLevel, targetDir).split(path.sep).join('/')) : new Map<string, string>();
    const store = inputs.labelsOnly
      ? undefined
      : createRecordCache({
          dir: inputs.cacheDir,
          useService: inputs.cache,
          keys: {
            toolVersion: TOOL_VERSION,
            settingsDigest: settingsDigest(resolveSettings()),
            content: manifestDigest(targetShas),
            ...(ctx.runId ? { runId: ctx.runId } : {}),
            ...(ctx.runAttempt ? { runAttempt: ctx.runAttempt } : {}),
          },
        });
    if (store) {
      const r = await store.restore();
      core.info(`Record store: ${r.hit === 'none' ? 'nothing restored' : `restored (${r.hit} match${r.key ? `, ${r.key}` : ''})`}`);
    }
    const headDs = await readForCheck(runOpts, config, target, workspace, { dir: targetDir, shas: targetShas });
    const repo = gitTopLevel(headDs.root);
    const datasetDir = repo ? path.relative(repo, headDs.root).split(path.sep).join('/') : '';
    const headShas = workTreeShasOf(headDs) ?? (repo ? await workTreeBlobShas(repo, datasetDir) : new Map<string, string>());

    const cmp = await compare({ run: runOpts, config, headDs, headShas, ...(baseRev ? { baseRev } : {}) });
    const head = cmp.head.analysis;
    const baseFingerprints = cmp.base ? new Set(cmp.base.analysis.findings.map((f) => f.fingerprint)) : cmp.baseMissing ? new Set<string>() : undefined;
    const gate = evaluateGate(head.findings, inputs.failOn, baseFingerprints);
    const report = buildReport({
      dataset: headDs,
      checks: head.checks,
      findings: head.findings,
      gate,
      failOn: inputs.failOn,
      displayRoot: datasetDir || '.',
      ...(head.scan ? { scan: head.scan } : {}),
    });
    if (cmp.baseMissing) report.notes.push(cmp.baseMissing);
    if (cmp.diff) report.diff = cmp.diff;
    if (cmp.drift) report.drift = cmp.drift;
    if (ctx.prNumber) report.github = { pr: ctx.prNumber, ...(ctx.headSha ? { headSha: ctx.headSha } : {}) };
    const newFindings = baseFingerprints ? head.findings.filter((f) => !f.waived && !baseFingerprints.has(f.fingerprint)).length : head.findings.filter((f) => !f.waived).length;

    if (inputs.history && repo) report.trend = await recordHistory({ repo, ctx, report, token: inputs.token });

    const extra = (level: number) => changeSections(report, level);
    const markdown = renderMarkdown(report, { extra: extra(0) });
    const outDir = path.join(env.RUNNER_TEMP || path.join(workspace, '..'), 'dataset-qc');
    mkdirSync(outDir, { recursive: true });
    const jsonPath = path.join(outDir, 'report.json');
    const mdPath = path.join(outDir, 'report.md');
    writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');
    writeFileSync(mdPath, markdown);
    if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(cutText(markdown, SUMMARY_LIMIT)).write();

    core.setOutput('verdict', gate.verdict);
    core.setOutput('findings', String(head.findings.filter((f) => !f.waived).length));
    core.setOutput('new-findings', String(newFindings));
    core.setOutput('report-json', jsonPath);
    core.setOutput('report-markdown', mdPath);

    let commentId: number | undefined;
    if (api) {
      const changedFiles = cmp.diff ? new Set(cmp.diff.changedFiles.map((f) => (datasetDir ? `${datasetDir}/${f}` : f))) : undefined;
      const res = await publish({
        api,
        ctx,
        report,
        extra,
        datasetDir,
        comment: inputs.comment,
        ...(changedFiles ? { changedFiles } : {}),
        ...(ctx.prNumber ? { prNumber: ctx.prNumber } : {}),
        ...(ctx.headSha ? { headSha: ctx.headSha } : {}),
      });
      commentId = res.commentId;
      if (res.trimmed) core.info('The PR comment was trimmed to fit; the full report is in the job summary.');
    } else core.warning('No github-token: the report is only in the job summary and the outputs.');
    core.setOutput('comment-id', commentId !== undefined ? String(commentId) : '');

    await store?.save();
    const scan = head.scan ? ` Images: ${head.scan.images} (${head.scan.decoded} decoded, ${head.scan.fromCache} from cache).` : '';
    core.info(`dataset-qc: ${gate.verdict}.${scan} ${report.counts.error} errors, ${report.counts.warning} warnings, ${newFindings} new.`);
    if (gate.verdict === 'fail') core.setFailed(`Dataset QC failed:\n${gate.reasons.map((r) => `- ${r}`).join('\n')}`);
  } catch (e) {
    if (e instanceof UsageError) core.setFailed(e.message);
    else core.setFailed(`dataset-qc internal error: ${(e as Error)?.stack ?? String(e)}`);
  }
}

/** Digest of a path → blob SHA manifest (the cache key's content part). */
export function manifestDigest(shas: Map<string, string>): string {
  const h = createHash('sha256');
  for (const k of [...shas.keys()].sort()) h.update(`${k}\0${shas.get(k)}\n`);
  return h.digest('hex').slice(0, 16);
}
