/** Action entry: bundled to dist/index.js; all logic lives in main.ts. */
import { run } from './main.js';
import { isScanWorker } from './scan/pool.js';
import { startShortRun } from './tiering.js';

// the decode pool starts this same bundle as its workers: they only serve decode jobs
if (!isScanWorker()) {
  startShortRun();
  await run();
}
