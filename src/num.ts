/**
 * Numbers as the report prints them: en-US grouping ("12,345"), at most 3 decimals. Integers are
 * grouped by hand: the first toLocaleString of a process initialises ICU (~50 ms, measured), and
 * most runs print only counts.
 */
export function num(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const s = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return n < 0 ? `-${out}` : out;
}
