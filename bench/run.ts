/**
 * `npm run bench`: every benchmark of the issues, in one run, printing the figures the closing
 * notes quote. Each part can also run alone (see its file).
 *   npm run bench [-- --quick]      --quick: small sizes (a smoke run, figures not comparable)
 */
import { spawnSync } from 'node:child_process';
import { hammingBench } from './hamming-bench.js';
import { labelsBench } from './labels-bench.js';
import { prBench } from './pr-bench.js';
import { scanBench } from './scan-bench.js';

const quick = process.argv.includes('--quick');
const started = Date.now();
const section = (title: string) => console.log(`\n== ${title} ==`);

section('Labels only (issue 2): dataset-qc check --labels-only, fresh process');
for (const line of await labelsBench(quick ? [5000] : [25_000, 100_000])) console.log(line);

section('Image scan (issue 3): raw sharp decode loop vs cold scan vs warm rerun, same files');
const scan = await scanBench({ n: quick ? 500 : 10_000 });
for (const line of scan.lines) console.log(line);

section('Near-duplicate search (issue 3): multi-index hashing over 64-bit pHashes');
const h = await hammingBench(quick ? 100_000 : 1_000_000);
console.log(`${h.n.toLocaleString('en-US')} hashes, radius ${h.radius}: ${h.found}/${h.planted} planted pairs found, ${h.pairs} pairs in all, ${h.seconds.toFixed(2)} s, peak RSS ${h.peakRssMB} MB, exact vs brute force on a subset: ${h.exact}`);

section('Records at scale (issue 3): record store + image checks, own process for its peak RSS');
{
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/records-bench.ts', '--n', quick ? '50000' : '1000000'], { encoding: 'utf8' });
  console.log(r.status === 0 ? r.stdout.trimEnd() : `records bench failed (${r.status}): ${r.stderr}`);
}

section('PR run (issue 4): warm PR run vs cold run');
for (const line of await prBench(quick ? 1000 : 10_000)) console.log(line);

console.log(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
