#!/usr/bin/env node
/**
 * Build dist/: one ESM bundle per entry (action: dist/index.js, CLI: dist/cli.js, scan worker:
 * dist/scan-worker.js, checks worker: dist/check-worker.js) plus sharp and its linux-x64 native packages under dist/node_modules, so
 * the action runs from a clean clone with no npm install.
 *   node scripts/bundle.mjs            build into dist/
 *   node scripts/bundle.mjs --out DIR  build elsewhere (the staleness test compares the two)
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outIdx = process.argv.indexOf('--out');
const out = outIdx > 0 ? path.resolve(process.argv[outIdx + 1]) : path.join(root, 'dist');
const bundlesOnly = process.argv.includes('--bundles-only');

const entries = { index: 'src/index.ts', 'cli-main': 'src/cli-entry.ts' };
if (existsSync(path.join(root, 'src/scan/worker.ts'))) entries['scan-worker'] = 'src/scan/worker.ts';
if (existsSync(path.join(root, 'src/checks/check-worker.ts'))) entries['check-worker'] = 'src/checks/check-worker.ts';

/**
 * dist/cli.js: the CLI's entry. It turns on Node's compile cache (Node ≥ 22.1; V8's code for the
 * 1.3 MB bundle kept in os.tmpdir()/node-compile-cache, as tsc and npm do), then loads the bundle:
 * a run compiles it from the cache instead of parsing it again (measured 26 ms of a 140 ms start on
 * Node 24). The workers it starts inherit the directory. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 * (The action's dist/index.js does not: a hosted runner starts each job with an empty temp dir.)
 */
const CLI_START = `// The CLI's entry (written by scripts/bundle.mjs): Node's compile cache, then the bundle.
import module from 'node:module';

try {
  const cache = module.enableCompileCache?.();
  if (cache?.directory && process.env.NODE_COMPILE_CACHE === undefined) process.env.NODE_COMPILE_CACHE = cache.directory;
} catch {
  // an optimization only
}
await import('./cli-main.js');
`;

/**
 * zod's namespace of 40-odd locales (half of zod's 730 KB in the bundle: compiled on every start)
 * is replaced by the English one, the only one zod itself sets and the only one we use.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    // the virtual module has a name, not a path: the bundle names no folder of this machine
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (a) =>
      a.importer.includes(`${path.sep}zod${path.sep}`) ? { path: 'english', namespace: 'zod-locales', pluginData: { dir: path.join(a.resolveDir, '../locales') } } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (a) => ({ contents: "export { default as en } from './en.js';", resolveDir: a.pluginData.dir, loader: 'js' }));
  },
};

if (!bundlesOnly) rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, path.join(root, v)])),
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['sharp'],
  legalComments: 'none',
  logLevel: 'warning',
  // Some CommonJS dependencies call require(): give the ESM bundle one.
  plugins: [zodEnglishOnly],
  banner: { js: "import { createRequire as __dqcCreateRequire } from 'node:module'; const require = __dqcCreateRequire(import.meta.url);" },
});
writeFileSync(path.join(out, 'package.json'), JSON.stringify({ type: 'module', private: true }, null, 2) + '\n');
writeFileSync(path.join(out, 'cli.js'), CLI_START);

if (!bundlesOnly) {
  // sharp is loaded at run time from dist/node_modules: its JS, its small deps and the
  // linux-x64 native binding + libvips.
  const keep = ['sharp', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64', '@img/colour', 'detect-libc', 'semver'];
  for (const pkg of keep) {
    const from = path.join(root, 'node_modules', pkg);
    if (!existsSync(from)) throw new Error(`missing node_modules/${pkg}: run npm ci first`);
    cpSync(from, path.join(out, 'node_modules', pkg), {
      recursive: true,
      dereference: true,
      filter: (src) => !/[\\/](src|install|docs?|test|README\.md|CHANGELOG\.md)$/.test(src) && !src.endsWith('.d.ts') && !src.endsWith('.d.mts') && !src.endsWith('.d.cts'),
    });
  }
}
console.log(`built ${Object.keys(entries).join(', ')} into ${path.relative(root, out) || '.'}`);
