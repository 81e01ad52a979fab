/**
 * Keep a body under GitHub's size limits (comment 65,536 characters, check-run summary 65,535):
 * re-render with less detail first; only when the least detailed rendering is still too long,
 * cut it on a line boundary, close an open code fence and open <details>, and append a bold
 * notice saying where the full report is. Cutting from the end keeps the first lines (the
 * marker and the digest) intact. Length is measured in UTF-16 code units, which is never less
 * than GitHub's character count, so the check is conservative.
 */

export const COMMENT_LIMIT = 65_536;
export const CHECK_SUMMARY_LIMIT = 65_535;
/** default budget for comments: leaves room under 65,536 for what a caller appends */
export const DEFAULT_BUDGET = 60_000;

export function trimNotice(runUrl?: string): string {
  const where = runUrl ? `the [job summary](${runUrl}) of this workflow run` : 'the job summary of this workflow run';
  return `**⚠️ This report was trimmed to fit GitHub's size limit. The full report is in ${where}.**`;
}

export interface Fitted {
  body: string;
  /** the detail level used (0 = full) */
  level: number;
  /** true when the text had to be cut */
  trimmed: boolean;
}

/**
 * @param render   renders the body at a detail level, 0 = full, maxLevel = least detail
 * @param maxLevel the least detailed level render accepts
 * @param limit    maximum length of the result
 */
export function fitBody(render: (level: number) => string, maxLevel: number, limit = DEFAULT_BUDGET, notice = trimNotice()): Fitted {
  let text = '';
  for (let level = 0; level <= maxLevel; level++) {
    text = render(level);
    if (text.length <= limit) return { body: text, level, trimmed: false };
  }
  return { body: cutText(text, limit, notice), level: maxLevel, trimmed: true };
}

/** Cut `text` on a line boundary so that it, the closers and the notice fit in `limit`. */
export function cutText(text: string, limit: number, notice = trimNotice()): string {
  if (text.length <= limit) return text;
  const tail = `\n\n${notice}`;
  let budget = limit - tail.length;
  for (;;) {
    if (budget <= 0) return notice.slice(0, limit);
    let keep = text.lastIndexOf('\n', budget);
    if (keep <= 0) keep = safeCut(text, budget); // one line longer than the budget
    const head = text.slice(0, keep).replace(/\s+$/, '');
    const out = head + closers(head) + tail;
    if (out.length <= limit) return out;
    budget -= out.length - limit; // closers took more room than left: cut earlier
  }
}

/** never split a surrogate pair */
function safeCut(text: string, at: number): number {
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
}

/** What must be appended to close an open code fence and unclosed <details> blocks. */
export function closers(text: string): string {
  let fence: string | undefined;
  let details = 0;
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (m) {
      const run = m[1]!;
      if (!fence) fence = run;
      else if (run[0] === fence[0] && run.length >= fence.length && line.trim() === run) fence = undefined;
      continue;
    }
    if (fence) continue;
    details += (line.match(/<details\b/gi) ?? []).length;
    details -= (line.match(/<\/details>/gi) ?? []).length;
  }
  let out = fence ? `\n${fence}` : '';
  for (let i = 0; i < details; i++) out += '\n\n</details>';
  return out;
}
