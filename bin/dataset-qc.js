#!/usr/bin/env node
// The CLI runs the committed bundle, so it works from a clean clone without a build step.
await import('../dist/cli.js');
