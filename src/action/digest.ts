/**
 * A compact digest of a report's numbers, embedded invisibly in the PR comment so the next run
 * can say what changed since the last push and skip posting when nothing did.
 *
 * Form: one line `<!-- dataset-qc:digest <base64 of gzip(JSON)> -->`, placed right after the
 * marker on line 2 so trimming (which cuts from the end) never removes it. Standard base64 has no
 * "--", so the HTML comment cannot end early.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const digestSchema = z.object({
  v: z.literal(1),
  /** head commit the numbers are about */
  sha: z.string().optional(),
  images: count,
  boxes: count,
  /** class name → instances */
  classes: z.record(z.string(), count),
  findings: z.object({ error: count, warning: count, info: count }),
  newFindings: count.optional(),
  verdict: z.enum(['pass', 'fail']),
});

export type Digest = z.infer<typeof digestSchema>;

const RE = /<!-- dataset-qc:digest ([A-Za-z0-9+/=]+) -->/;

export function encodeDigest(d: Digest): string {
  const json = JSON.stringify(digestSchema.parse(d));
  return `<!-- dataset-qc:digest ${gzipSync(json).toString('base64')} -->`;
}

/** The digest embedded in a comment body; undefined when absent or unreadable. */
export function decodeDigest(body: string | undefined): Digest | undefined {
  const m = body ? RE.exec(body) : null;
  if (!m) return undefined;
  try {
    const parsed = digestSchema.safeParse(JSON.parse(gunzipSync(Buffer.from(m[1]!, 'base64')).toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Same numbers (the commit may differ): nothing worth a new post in `on-change` mode. */
export function sameNumbers(a: Digest, b: Digest): boolean {
  const strip = ({ sha: _sha, ...rest }: Digest) => rest;
  return canonical(strip(a)) === canonical(strip(b));
}

function canonical(v: unknown): string {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The numbers of a QC report (structurally: works on the report JSON without importing its type). */
export function digestOf(
  report: {
    summary: { images: number; boxes: number };
    perClass: { name: string; instances: number }[];
    counts: { error: number; warning: number; info: number };
    gate: { verdict: 'pass' | 'fail'; newErrors?: number };
  },
  sha?: string,
): Digest {
  const byName = new Map<string, number>(); // a Map: class names such as "__proto__" stay plain keys
  for (const c of report.perClass) byName.set(c.name, (byName.get(c.name) ?? 0) + c.instances);
  const classes = Object.fromEntries(byName);
  const d: Digest = {
    v: 1,
    images: report.summary.images,
    boxes: report.summary.boxes,
    classes,
    findings: { error: report.counts.error, warning: report.counts.warning, info: report.counts.info },
    verdict: report.gate.verdict,
  };
  if (sha) d.sha = sha;
  if (report.gate.newErrors !== undefined) d.newFindings = report.gate.newErrors;
  return d;
}

export interface DigestChange {
  what: string;
  before: number;
  after: number;
}

/** What changed between two digests (images, boxes, each class, findings by severity). */
export function digestChanges(prev: Digest, cur: Digest): DigestChange[] {
  const out: DigestChange[] = [];
  const add = (what: string, before: number, after: number) => {
    if (before !== after) out.push({ what, before, after });
  };
  add('images', prev.images, cur.images);
  add('boxes', prev.boxes, cur.boxes);
  const get = (o: Record<string, number>, k: string) => (Object.hasOwn(o, k) ? o[k]! : 0);
  for (const name of [...new Set([...Object.keys(prev.classes), ...Object.keys(cur.classes)])].sort())
    add(`class ${name}`, get(prev.classes, name), get(cur.classes, name));
  for (const s of ['error', 'warning', 'info'] as const) add(`${s} findings`, prev.findings[s], cur.findings[s]);
  return out;
}
