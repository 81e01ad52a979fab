/**
 * Keep the README's inputs and outputs tables in sync with action.yml. The tables live between
 *   <!-- action-inputs:start --> … <!-- action-inputs:end -->
 *   <!-- action-outputs:start --> … <!-- action-outputs:end -->
 *   npx tsx scripts/action-docs.ts            rewrite README.md
 *   npx tsx scripts/action-docs.ts --check    exit 1 when README.md is out of date (or has no markers)
 *   options: --readme FILE, --action FILE (defaults: README.md and action.yml at the repo root)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { markdownTable } from 'markdown-table';
import { parse as parseYaml } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface ActionYml {
  inputs?: Record<string, { description?: string; default?: unknown; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
}

const cell = (s: string) => s.replace(/\s*\n\s*/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').trim();
const code = (s: string) => (s === '' ? '*(empty)*' : s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``);

export function inputsTable(action: ActionYml): string {
  const rows = Object.entries(action.inputs ?? {}).map(([name, i]) => [
    `\`${name}\``,
    cell(i.description ?? ''),
    code(String(i.default ?? '')),
  ]);
  return markdownTable([['Input', 'Description', 'Default'], ...rows]);
}

export function outputsTable(action: ActionYml): string {
  const rows = Object.entries(action.outputs ?? {}).map(([name, o]) => [`\`${name}\``, cell(o.description ?? '')]);
  return markdownTable([['Output', 'Description'], ...rows]);
}

const BLOCKS = [
  ['action-inputs', inputsTable],
  ['action-outputs', outputsTable],
] as const;

export interface Updated {
  text: string;
  /** marker pairs not found in the README */
  missing: string[];
}

/** The README with every marked block regenerated from action.yml. */
export function updateReadme(readme: string, action: ActionYml): Updated {
  let text = readme;
  const missing: string[] = [];
  for (const [name, render] of BLOCKS) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const a = text.indexOf(start);
    const b = text.indexOf(end, a + start.length);
    if (a < 0 || b < 0) {
      missing.push(`${start} … ${end}`);
      continue;
    }
    text = `${text.slice(0, a + start.length)}\n${render(action)}\n${text.slice(b)}`;
  }
  return { text, missing };
}

export function main(argv: string[]): number {
  const check = argv.includes('--check');
  const opt = (flag: string, dflt: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]!) : dflt;
  };
  const readmePath = opt('--readme', path.join(root, 'README.md'));
  const actionPath = opt('--action', path.join(root, 'action.yml'));
  const action = parseYaml(readFileSync(actionPath, 'utf8')) as ActionYml;
  const readme = readFileSync(readmePath, 'utf8');
  const { text, missing } = updateReadme(readme, action);
  if (missing.length) {
    console.error(`${path.relative(process.cwd(), readmePath) || readmePath} has no ${missing.join(' and no ')} markers: add them where the tables belong, then run scripts/action-docs.ts.`);
    return 1;
  }
  if (check) {
    if (text !== readme) {
      console.error(`${readmePath}: the action inputs/outputs tables are out of date with ${actionPath}. Run: npx tsx scripts/action-docs.ts`);
      return 1;
    }
    console.log('README action tables are up to date.');
    return 0;
  }
  if (text !== readme) writeFileSync(readmePath, text);
  console.log(text !== readme ? `Updated the action tables in ${readmePath}.` : 'README action tables are up to date.');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
