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
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}${i.code === 'unrecognized_keys' ? didYouMean(i.keys, i.path) : ''}`);
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

/** " (did you mean minInstancesPerClass?)" for a misspelt key, from the keys the defaults have at `at`. */
function didYouMean(keys: readonly string[], at: readonly PropertyKey[]): string {
  let node: unknown = configSchema.parse({});
  for (const k of at) node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[k] : undefined;
  if (!node || typeof node !== 'object') return '';
  const known = Object.keys(node);
  const hints = keys.flatMap((k) => {
    const best = known.map((c) => [c, editDistance(k.toLowerCase(), c.toLowerCase())] as const).sort((a, b) => a[1] - b[1])[0];
    return best && best[1] <= Math.max(1, Math.floor(k.length / 4)) ? [best[0]] : [];
  });
  return hints.length ? ` (did you mean ${hints.join(', ')}?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
