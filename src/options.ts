/**
 * One validated options object, shared by the CLI and the action. Built from argv (cli.ts) or
 * from action inputs (action/inputs.ts), never at import time.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const reportFormat = z.enum(['json', 'md', 'both']);

export const runOptionsSchema = z
  .object({
    /** dataset root, or a data.yaml / annotation file inside it */
    path: z.string().min(1),
    config: z.string().optional(),
    format: z.enum(['yolo', 'coco', 'voc']).optional(),
    reportFormat: reportFormat.default('md'),
    out: z.string().optional(),
    groupBy: z.string().optional(),
    cacheDir: z.string().optional(),
    labelsOnly: z.boolean().default(false),
    /** progress: 'tty' draws a bar, 'lines' prints a line every few seconds, 'off' is quiet */
    progress: z.enum(['tty', 'lines', 'off']).default('off'),
    /** concurrent decodes (default: 2 per core) */
    concurrency: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.groupBy) {
      try {
        new RegExp(o.groupBy);
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `not a valid regular expression: ${(e as Error).message}` });
      }
    }
  });

export type RunOptions = z.infer<typeof runOptionsSchema>;

/** Turn zod issues into one readable message ("--group-by: not a valid regular expression…"). */
export function describeIssues(err: z.ZodError, flagOf: (key: string) => string = (k) => k): string {
  return err.issues
    .map((i) => `${i.path.length ? flagOf(String(i.path[0])) + ': ' : ''}${i.message}`)
    .join('\n');
}

/** $XDG_CACHE_HOME/dataset-qc, else ~/.cache/dataset-qc. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'dataset-qc');
}

/** A usage or configuration problem: exit code 2, message says what to do. */
export class UsageError extends Error {
  override name = 'UsageError';
}
