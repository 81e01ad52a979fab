/**
 * Write the JSON Schemas generated from the zod schemas: docs/config.schema.json (editors
 * autocomplete `.dataset-qc.yml` with it) and docs/report.schema.json (report.json).
 *   npx tsx scripts/make-schema.ts          write
 *   npx tsx scripts/make-schema.ts --check  exit 1 when a committed schema is stale
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configSchema } from '../src/config/schema.js';
import { reportSchema } from '../src/report/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function schemaFiles(): Record<string, string> {
  const config = {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/dataset-qc/dataset-qc/docs/config.schema.json',
    title: '.dataset-qc.yml',
  };
  const report = {
    ...z.toJSONSchema(reportSchema, { io: 'output', unrepresentable: 'any' }),
    title: 'dataset-qc report.json',
  };
  return {
    'docs/config.schema.json': JSON.stringify(config, null, 2) + '\n',
    'docs/report.schema.json': JSON.stringify(report, null, 2) + '\n',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [rel, text] of Object.entries(schemaFiles())) {
    const file = path.join(root, rel);
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
        console.error(`${rel} is stale: run npm run schema`);
        stale++;
      }
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      console.log(`wrote ${rel}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
