/**
 * Entry of the decode workers. The bundle (dist/scan-worker.js) holds only the decode path and
 * sharp's loader, so a worker thread starts in a fraction of the time the whole CLI/action
 * bundle takes to load; serve.ts serves jobs as soon as it is imported in a worker.
 */
import './serve.js';
