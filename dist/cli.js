// The CLI's entry (written by scripts/bundle.mjs): Node's compile cache, then the bundle.
import module from 'node:module';

try {
  const cache = module.enableCompileCache?.();
  if (cache?.directory && process.env.NODE_COMPILE_CACHE === undefined) process.env.NODE_COMPILE_CACHE = cache.directory;
} catch {
  // an optimization only
}
await import('./cli-main.js');
