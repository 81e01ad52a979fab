/** Images with the same content or pixel hash, found without a string-keyed map over every image. */
import type { RecordTable } from '../scan/record-table.js';
import { equalRuns, type HashParts } from '../scan/near-index.js';

/**
 * Groups (ascending, two or more members) of the indices whose value (content or pixel hash) is
 * the same string: candidates by the first 64 bits read from the table's bytes, confirmed on the
 * whole string, which is built only for them.
 */
export function sameValue(recs: RecordTable, which: 'hash' | 'pixelHash', wanted: (i: number) => boolean): number[][] {
  const n = recs.length;
  const valueOf = (i: number) => (which === 'hash' ? recs.hash(i) : recs.pixelHash(i));
  const parts: HashParts = { hi: new Uint32Array(n), lo: new Uint32Array(n), ok: new Uint8Array(n) };
  // values without 16 leading hex digits (rare): first index by value, then the groups
  const oddFirst = new Map<string, number>();
  const odd = new Map<number, number[]>();
  const h = { hi: 0, lo: 0 };
  for (let i = 0; i < n; i++) {
    if (!wanted(i)) continue;
    if (recs.hashPrefix(which, i, h)) {
      [parts.hi[i], parts.lo[i], parts.ok[i]] = [h.hi, h.lo, 1];
      continue;
    }
    const v = valueOf(i);
    if (v === undefined) continue;
    const first = oddFirst.get(v);
    if (first === undefined) oddFirst.set(v, i);
    else (odd.get(first) ?? odd.set(first, [first]).get(first)!).push(i);
  }
  const out: number[][] = [];
  for (const run of equalRuns(parts)) {
    const byValue = new Map<string, number[]>();
    for (const i of run) {
      const v = valueOf(i)!;
      (byValue.get(v) ?? byValue.set(v, []).get(v)!).push(i);
    }
    for (const g of byValue.values()) if (g.length > 1) out.push(g);
  }
  out.push(...odd.values());
  return out;
}
