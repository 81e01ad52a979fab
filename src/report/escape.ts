/** Untrusted text (file and class names) made safe for Markdown and HTML. */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * Escape for inline Markdown (also valid inside table cells): HTML entities, the punctuation
 * that can start emphasis, code, links, headings or strike-through, every pipe, and newlines.
 * The text is always placed inline (newlines are folded), so line-start markers (`-`, `1.`)
 * cannot take effect.
 */
export function escapeMd(s: string): string {
  // apostrophes stay: they are inert in Markdown and in HTML text, and '&#39;' would read badly
  return s
    .replace(/[&<>"]/g, (c) => HTML[c]!)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b') // no @mentions from file names
    .replace(/:\/\//g, ':\u200b//'); // no autolinks
}

/** Inline code span for a path; backticks inside are replaced, pipes escaped for tables. */
export function codePath(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ').replace(/`/g, "'");
  return '`' + clean.replace(/\|/g, '\\|') + '`';
}
