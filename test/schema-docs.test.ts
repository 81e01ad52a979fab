/** docs/config.schema.json and docs/report.schema.json are what the zod schemas generate (npm run schema). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { schemaFiles } from '../scripts/make-schema.js';

test('the committed JSON Schemas are the generated ones (run `npm run schema` when this fails)', () => {
  const root = path.join(import.meta.dirname, '..');
  for (const [rel, text] of Object.entries(schemaFiles())) assert.equal(readFileSync(path.join(root, rel), 'utf8'), text, `${rel} is stale`);
});
