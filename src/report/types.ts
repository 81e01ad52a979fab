/** The one result object every report (JSON, Markdown, summary, comment) is rendered from. */
import { z } from 'zod';

import { REPORT_VERSION } from './version.js';

export { REPORT_VERSION };

const severity = z.enum(['error', 'warning', 'info']);

export const findingSchema = z.object({
  check: z.string(),
  severity,
  message: z.string(),
  path: z.string().optional(),
  line: z.number().int().positive().optional(),
  related: z.array(z.string()).optional(),
  key: z.string(),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
  data: z.record(z.string(), z.unknown()).optional(),
  waived: z.object({ reason: z.string() }).optional(),
});

const count = z.number().int().nonnegative();

export const splitRowSchema = z.object({
  name: z.string(),
  images: count,
  labeled: count,
  background: count,
  unlabeled: count,
  boxes: count,
  backgroundShare: z.number().min(0).max(1),
});

export const classRowSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  instances: count,
  images: count,
  bySplit: z.record(z.string(), z.object({ instances: count, images: count })),
});

export const reportSchema = z.object({
  reportVersion: z.literal(REPORT_VERSION),
  tool: z.object({ name: z.literal('dataset-qc'), version: z.string() }),
  auditDate: z.string(),
  dataset: z.object({
    name: z.string(),
    root: z.string(),
    format: z.enum(['yolo', 'coco', 'voc']),
    source: z.string().optional(),
    splits: z.array(z.string()),
  }),
  summary: z.object({
    images: count,
    boxes: count,
    classes: count,
    classesUsed: count,
    backgroundImages: count,
    unlabeledImages: count,
    backgroundShare: z.number().min(0).max(1),
    orphanLabels: count,
  }),
  splits: z.array(splitRowSchema),
  perClass: z.array(classRowSchema),
  scan: z.object({ images: count, decoded: count, fromCache: count }).optional(),
  stats: z.record(z.string(), z.unknown()),
  findings: z.array(findingSchema),
  counts: z.object({ error: count, warning: count, info: count, waived: count }),
  gate: z.object({
    verdict: z.enum(['pass', 'fail']),
    readyToTrain: z.boolean(),
    failOn: z.enum(['new', 'all', 'never']),
    reasons: z.array(z.string()),
    newErrors: count.optional(),
  }),
  notes: z.array(z.string()),
  diff: z.unknown().optional(),
  drift: z.unknown().optional(),
  trend: z.unknown().optional(),
  /** the pull request and head commit the report is about (post-report mode reads these) */
  github: z.object({ pr: z.number().int().positive(), headSha: z.string().optional() }).optional(),
});

export type QcReport = z.infer<typeof reportSchema>;
export type SplitRow = z.infer<typeof splitRowSchema>;
export type ClassRow = z.infer<typeof classRowSchema>;
