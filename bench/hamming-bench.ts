/**
 * Near-duplicate search benchmark (issue 3): n random 64-bit hashes with planted near pairs at
 * distances 0..radius, searched with findNearPairs at the default radius. Checks that every
 * planted pair is found, and on a 20,000-hash subset that the result equals brute force.
 *   npx tsx bench/hamming-bench.ts [--n 1000000] [--radius 8]
 */
import { fileURLToPath } from 'node:url';
import { bruteForcePairs, findNearPairs } from '../src/scan/near-index.js';

export const DEFAULT_NEAR_RADIUS = 8;

export interface HammingBenchResult {
  n: number;
  radius: number;
  planted: number;
  /** planted pairs found at their exact distance */
  found: number;
  /** all pairs reported (planted + random pairs that happen to be within the radius) */
  pairs: number;
  /** findNearPairs wall time */
  seconds: number;
  peakRssMB: number;
  /** every planted pair found AND the 20k subset equals brute force */
  exact: boolean;
}

/** mulberry32: uint32 outputs (an LCG's low bits are far from random, which makes fake near pairs) */
export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const hex = (hi: number, lo: number) => (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');

export async function hammingBench(n = 1_000_000, radius = DEFAULT_NEAR_RADIUS): Promise<HammingBenchResult> {
  const r = rng(20240601);
  const his = new Uint32Array(n);
  const los = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    his[i] = r();
    los[i] = r();
  }
  // planted: hash j (an odd slot) becomes hash i (a random even slot) with d bits flipped
  const planted = Math.min(10_000, Math.floor(n / 4));
  const plan: Array<[number, number, number]> = [];
  const used = new Set<number>();
  for (let k = 0; k < planted; k++) {
    let i: number;
    let j: number;
    do {
      i = (r() % Math.floor(n / 2)) * 2;
      j = (r() % Math.floor(n / 2)) * 2 + 1;
    } while (used.has(i) || used.has(j));
    used.add(i);
    used.add(j);
    const d = k % (radius + 1);
    let hi = his[i]!;
    let lo = los[i]!;
    const bits = new Set<number>();
    while (bits.size < d) bits.add(r() % 64);
    for (const b of bits) {
      if (b < 32) lo = (lo ^ (1 << b)) >>> 0;
      else hi = (hi ^ (1 << (b - 32))) >>> 0;
    }
    his[j] = hi;
    los[j] = lo;
    plan.push(i < j ? [i, j, d] : [j, i, d]);
  }
  const hashes = Array.from({ length: n }, (_, i) => hex(his[i]!, los[i]!));

  const t0 = performance.now();
  const pairs = findNearPairs(hashes, radius);
  const seconds = (performance.now() - t0) / 1000;

  const got = new Map<string, number>();
  for (const [i, j, d] of pairs) got.set(`${i},${j}`, d);
  // a planted pair may also sit within the radius of another random hash: only its own distance counts
  let found = 0;
  for (const [i, j, d] of plan) if (got.get(`${i},${j}`) === d) found++;

  const sub = hashes.slice(0, Math.min(n, 20_000));
  const subsetEqual = JSON.stringify(findNearPairs(sub, radius)) === JSON.stringify(bruteForcePairs(sub, radius));
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  return { n, radius, planted, found, pairs: pairs.length, seconds, peakRssMB, exact: found === planted && subsetEqual };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? Number(args[i + 1]) : dflt;
  };
  const res = await hammingBench(opt('n', 1_000_000), opt('radius', DEFAULT_NEAR_RADIUS));
  console.log(
    `near-duplicate search: ${res.n.toLocaleString('en')} hashes, radius ${res.radius}: ${res.found}/${res.planted} planted pairs found ` +
      `(${res.pairs} pairs in all) in ${res.seconds.toFixed(2)} s, peak RSS ${res.peakRssMB} MB, ${res.exact ? 'exact' : 'NOT EXACT'} ` +
      `(goal ≤ 10 s, exact)`,
  );
  if (!res.exact) process.exitCode = 1;
}
