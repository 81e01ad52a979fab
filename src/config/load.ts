/** Find, parse and validate `.dataset-qc.yml`. An unusable config is a UsageError (exit 2). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { UsageError } from '../options.js';
import { configSchema, type QcConfig } from './schema.js';

export const CONFIG_NAMES = ['.dataset-qc.yml', '.dataset-qc.yaml', 'dataset-qc.yml'];

/** The first config file found in `dirs` (in order), or undefined. */
export function findConfig(dirs: string[]): string | undefined {
  for (const dir of dirs) {
    for (const name of CONFIG_NAMES) {
      const p = path.join(dir, name);
      if (existsSync(p)) return p;
    }
  }
  return undefined;
}

export function parseConfig(text: string, file: string): QcConfig {
  let raw: unknown;
  try {
    raw = YAML.parse(text, { prettyErrors: true }) ?? {};
  } catch (e) {
    throw new UsageError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new UsageError(`${file}: invalid configuration:\n${lines.join('\n')}\nSee the config reference in the README.`);
  }
  return parsed.data;
}

/** Load the named file, or search `dirs`; no file at all gives the defaults. */
export function loadConfig(explicit: string | undefined, dirs: string[]): { config: QcConfig; file?: string } {
  const file = explicit ?? findConfig(dirs);
  if (!file) return { config: configSchema.parse({}) };
  if (!existsSync(file)) throw new UsageError(`config file not found: ${file}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config ${file}: ${(e as Error).message}`);
  }
  return { config: parseConfig(text, file), file };
}
