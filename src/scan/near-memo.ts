/**
 * Incremental near-pair searches. A search's answer depends only on the hash VALUES searched, so
 * the pairs a previous run found among its values stay true for every value still present. With
 * the last answer (a memo) in hand, a run that changed 1 % of a dataset keeps the old pairs whose
 * two values are still there and searches only the new values against everything:
 *   pairs(V) = old pairs within V ∩ V' + cross(V \ V', V)
 * (near-transform.ts does the same for the rotated/mirrored search).
 * Exact for any memo (the property test compares with brute force); a memo from another radius,
 * or one that shares too little, is ignored and the full search runs. Each search leaves its own
 * answer as the next memo.
 */
import { popcount32 } from './phash.js';
import { crossValuePairs, distinct, expand, Triples, valuePairs, type Distinct, type HashList, type NearPair } from './near-index.js';

/** One search's answer, on sorted distinct values: pairs (a into q, b into t); self searches have t = q. */
export interface PairMemo {
  r: number;
  qHi: Uint32Array;
  qLo: Uint32Array;
  tHi: Uint32Array;
  tLo: Uint32Array;
  a: Uint32Array;
  b: Uint32Array;
  d: Uint8Array;
}

/** Where memos live between runs (memo-file.ts keeps them in the record store directory). */
export interface PairMemoStore {
  load(name: string): PairMemo | undefined;
  save(name: string, memo: PairMemo): void;
}

/** Beyond this share of new values a full search is cheaper than the increment. */
export const MAX_NEW_SHARE = 0.25;

/** findNearPairs, reusing and then replacing the memo `name`. */
export function findNearPairsMemo(hashes: HashList, radius: number, store: PairMemoStore, name: string): NearPair[] {
  if (!(radius >= 0)) return [];
  const r = Math.min(64, Math.floor(radius));
  const dv = distinct(hashes);
  const prev = store.load(name);
  let pairs: Triples | undefined;
  if (prev && prev.r === r) {
    const { toCur, fresh } = match(dv, prev.qHi, prev.qLo);
    if (fresh.length <= dv.hi.length * MAX_NEW_SHARE) {
      pairs = kept(prev, toCur, toCur);
      const found = crossValuePairs(pick(dv, fresh), dv, r);
      const isFresh = new Uint8Array(dv.hi.length);
      for (const x of fresh) isFresh[x] = 1;
      for (let k = 0; k < found.n; k++) {
        const x = fresh[found.a[k]!]!;
        const y = found.b[k]!;
        // a pair of two fresh values is found from both sides: keep it once
        if (y === x || (isFresh[y] && y < x)) continue;
        pairs.push(x, y, found.d[k]!);
      }
    }
  }
  pairs ??= valuePairs(dv, r);
  store.save(name, memoOf(r, dv, dv, pairs));
  return expand(dv, pairs);
}

/**
 * Merge of two ascending value lists: for each previous value its index now (-1: gone), the
 * current values that are new (fresh) and those that were there before (old).
 */
export function match(cur: Pick<Distinct, 'hi' | 'lo'>, pHi: Uint32Array, pLo: Uint32Array): { toCur: Int32Array; fresh: Uint32Array; old: Uint32Array } {
  const n = cur.hi.length;
  const toCur = new Int32Array(pHi.length).fill(-1);
  const isOld = new Uint8Array(n);
  let i = 0;
  for (let j = 0; j < pHi.length && i < n; ) {
    const c = cur.hi[i]! - pHi[j]! || cur.lo[i]! - pLo[j]!;
    if (c === 0) {
      toCur[j++] = i;
      isOld[i++] = 1;
    } else if (c < 0) i++;
    else j++;
  }
  const fresh: number[] = [];
  const old: number[] = [];
  for (let x = 0; x < n; x++) (isOld[x] ? old : fresh).push(x);
  return { toCur, fresh: Uint32Array.from(fresh), old: Uint32Array.from(old) };
}

/** The previous pairs whose two values are still present, in current indices (distances re-checked). */
function kept(prev: PairMemo, qTo: Int32Array, tTo: Int32Array): Triples {
  const out = new Triples();
  for (let k = 0; k < prev.a.length; k++) {
    const pa = prev.a[k]!;
    const pb = prev.b[k]!;
    const a = qTo[pa]!;
    const b = tTo[pb]!;
    if (a < 0 || b < 0) continue;
    const d = popcount32((prev.qHi[pa]! ^ prev.tHi[pb]!) >>> 0) + popcount32((prev.qLo[pa]! ^ prev.tLo[pb]!) >>> 0);
    if (d <= prev.r) out.push(a, b, d);
  }
  return out;
}

/** The values at the given positions. */
export const pick = (dv: Pick<Distinct, 'hi' | 'lo'>, at: Uint32Array) => ({ hi: at.map((x) => dv.hi[x]!), lo: at.map((x) => dv.lo[x]!) });

function memoOf(r: number, A: Pick<Distinct, 'hi' | 'lo'>, B: Pick<Distinct, 'hi' | 'lo'>, p: Triples): PairMemo {
  return { r, qHi: A.hi, qLo: A.lo, tHi: B.hi, tLo: B.lo, a: p.a.slice(0, p.n), b: p.b.slice(0, p.n), d: p.d.slice(0, p.n) };
}
