/**
 * A completed check run with annotations. GitHub takes at most 50 annotations per request and
 * each update appends, so: create with the first 50, then PATCH the rest 50 at a time. The
 * summary is fitted under 65,535 characters; annotation titles are cut to 255 characters and
 * messages to 64 KB. The head SHA must be the PR head (payload.pull_request.head.sha), not GITHUB_SHA.
 */
import type { CheckAnnotation, CheckConclusion, GitHubApi } from './github-api.js';
import { CHECK_SUMMARY_LIMIT, cutText, trimNotice } from './trim.js';

export const ANNOTATIONS_PER_REQUEST = 50;
const TITLE_MAX = 255;
const MESSAGE_MAX = 64_000;

export interface CheckRunOptions {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
  detailsUrl?: string;
  /** at most this many annotations are sent (default 1000); the rest are counted, not sent */
  maxAnnotations?: number;
  /** where the full report is, for the trim notice */
  runUrl?: string;
}

export interface CheckRunResult {
  id: number;
  url?: string;
  /** annotations sent */
  annotations: number;
  /** annotations left out by maxAnnotations */
  dropped: number;
  /** API requests made (1 create + n updates) */
  requests: number;
}

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export function cleanAnnotation(a: CheckAnnotation): CheckAnnotation {
  const out: CheckAnnotation = {
    path: a.path,
    start_line: Math.max(1, Math.floor(a.start_line)),
    end_line: Math.max(1, Math.floor(a.end_line ?? a.start_line)),
    annotation_level: a.annotation_level,
    message: clip(a.message, MESSAGE_MAX),
  };
  if (out.end_line < out.start_line) out.end_line = out.start_line;
  if (a.title) out.title = clip(a.title, TITLE_MAX);
  if (a.raw_details) out.raw_details = clip(a.raw_details, MESSAGE_MAX);
  return out;
}

export async function publishCheckRun(api: GitHubApi, o: CheckRunOptions): Promise<CheckRunResult> {
  const max = o.maxAnnotations ?? 1000;
  const all = o.annotations.slice(0, max).map(cleanAnnotation);
  const notice = trimNotice(o.runUrl);
  const output = {
    title: clip(o.title, TITLE_MAX),
    summary: cutText(o.summary, CHECK_SUMMARY_LIMIT, notice),
    ...(o.text ? { text: cutText(o.text, CHECK_SUMMARY_LIMIT, notice) } : {}),
  };
  const created = await api.createCheckRun(o.owner, o.repo, {
    name: o.name,
    head_sha: o.headSha,
    status: 'completed',
    conclusion: o.conclusion,
    ...(o.detailsUrl ? { details_url: o.detailsUrl } : {}),
    output: { ...output, annotations: all.slice(0, ANNOTATIONS_PER_REQUEST) },
  });
  let requests = 1;
  for (let i = ANNOTATIONS_PER_REQUEST; i < all.length; i += ANNOTATIONS_PER_REQUEST) {
    await api.updateCheckRun(o.owner, o.repo, created.id, {
      output: { title: output.title, summary: output.summary, annotations: all.slice(i, i + ANNOTATIONS_PER_REQUEST) },
    });
    requests++;
  }
  return { id: created.id, url: created.html_url, annotations: all.length, dropped: o.annotations.length - all.length, requests };
}
