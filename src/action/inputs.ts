/**
 * Every action input, read in one place into one validated options object (never at import time).
 *
 * Inputs are read from an env object with exactly @actions/core's rules (`INPUT_` + name with
 * spaces → `_`, upper-cased, hyphens kept; value trimmed; booleans in YAML 1.2 core schema:
 * true|True|TRUE|false|False|FALSE), so tests can pass their own env; a parity test checks
 * this against core.getInput / core.getBooleanInput. A missing or empty input takes the
 * default from action.yml (the runner applies those defaults itself; local runs may not).
 */
import path from 'node:path';
import { z } from 'zod';
import { defaultCacheDir, runOptionsSchema, UsageError, type RunOptions } from '../options.js';

export const COMMENT_MODES = ['always', 'on-change', 'failures', 'off'] as const;
export const FAIL_ON = ['new', 'all', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];
export type FailOn = (typeof FAIL_ON)[number];

/** Defaults exactly as in action.yml (a test compares them). */
export const ACTION_INPUT_DEFAULTS = {
  path: '.',
  config: '',
  'base-ref': '',
  'github-token': '${{ github.token }}',
  comment: 'on-change',
  'fail-on': 'new',
  cache: 'true',
  'cache-dir': '',
  'group-by': '',
  history: 'false',
  'labels-only': 'false',
  'post-report': '',
} as const;

export type ActionInputName = keyof typeof ACTION_INPUT_DEFAULTS;

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `invalid value ${JSON.stringify(iss.input)}; valid values: ${values.join(', ')}` });

const boolInput = z.preprocess(
  (v) => (typeof v === 'string' ? (TRUE.includes(v) ? true : FALSE.includes(v) ? false : v) : v),
  z.boolean({ error: (iss) => `invalid value ${JSON.stringify(iss.input)}; valid values: true, false` }),
);

const optionalText = z
  .string()
  .optional()
  .transform((s) => (s ? s : undefined));

export const actionOptionsSchema = z
  .object({
    path: z.string().min(1, 'must not be empty'),
    config: optionalText,
    baseRef: optionalText,
    token: optionalText,
    comment: enumOf(COMMENT_MODES),
    failOn: enumOf(FAIL_ON),
    cache: boolInput,
    cacheDir: z.string().min(1),
    groupBy: optionalText,
    history: boolInput,
    labelsOnly: boolInput,
    postReport: optionalText,
  })
  .strict();

export type ActionOptions = z.output<typeof actionOptionsSchema>;

/** option key → input name, for messages */
const INPUT_OF: Record<keyof ActionOptions, ActionInputName> = {
  path: 'path',
  config: 'config',
  baseRef: 'base-ref',
  token: 'github-token',
  comment: 'comment',
  failOn: 'fail-on',
  cache: 'cache',
  cacheDir: 'cache-dir',
  groupBy: 'group-by',
  history: 'history',
  labelsOnly: 'labels-only',
  postReport: 'post-report',
};

/** core.getInput semantics over an env object: '' when unset, trimmed. */
export function getInputFrom(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function readActionInputs(env: NodeJS.ProcessEnv = process.env): ActionOptions {
  const get = (name: ActionInputName): string => {
    const v = getInputFrom(env, name);
    if (v !== '') return v;
    const d: string = ACTION_INPUT_DEFAULTS[name];
    return d.startsWith('${{') ? '' : d; // expressions are the runner's job
  };
  const cacheDir = get('cache-dir') || (env.RUNNER_TEMP ? path.join(env.RUNNER_TEMP, 'dataset-qc-cache') : defaultCacheDir(env));
  const raw = {
    path: get('path'),
    config: get('config'),
    baseRef: get('base-ref'),
    token: get('github-token') || env.GITHUB_TOKEN || '',
    comment: get('comment'),
    failOn: get('fail-on'),
    cache: get('cache'),
    cacheDir,
    groupBy: get('group-by'),
    history: get('history'),
    labelsOnly: get('labels-only'),
    postReport: get('post-report'),
  };
  const parsed = actionOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0]) as keyof ActionOptions;
      return `Input '${INPUT_OF[key] ?? key}': ${i.message}`;
    });
    throw new UsageError(lines.join('\n'));
  }
  if (parsed.data.groupBy) {
    try {
      new RegExp(parsed.data.groupBy);
    } catch (e) {
      throw new UsageError(`Input 'group-by': not a valid regular expression: ${(e as Error).message}`);
    }
  }
  return parsed.data;
}

/** The engine's options from the action's: the Markdown and JSON reports, plain progress lines. */
export function toRunOptions(o: ActionOptions, extra: Partial<RunOptions> = {}): RunOptions {
  return runOptionsSchema.parse({
    path: o.path,
    config: o.config,
    groupBy: o.groupBy,
    cacheDir: o.cacheDir,
    labelsOnly: o.labelsOnly,
    reportFormat: 'both',
    progress: 'lines',
    ...extra,
  });
}
