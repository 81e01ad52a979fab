/** Executable entry of the CLI (bundled to dist/cli-main.js, which dist/cli.js loads). */
import { cliMain } from './cli.js';
import { isScanWorker } from './scan/pool.js';
import { startShortRun } from './tiering.js';

// the decode pool starts this same bundle as its workers: they only serve decode jobs
if (!isScanWorker()) {
  startShortRun();
  process.exitCode = await cliMain(process.argv.slice(2));
}
