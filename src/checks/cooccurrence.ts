/**
 * Class co-occurrence: how many images hold both classes of each pair (the diagonal holds the
 * images of each class). cooccurrence/rare (info): a pair seen together in at least 1 and at
 * most rareCooccurrence images although, were the classes independent, they would share at
 * least MIN_EXPECTED images (n_a·n_b / labeled images): two common classes that almost never
 * meet, so the few images where they do may hold a mislabel. A pair with a rare class is not
 * flagged just for being rare.
 * Memory: a K×K counter table (a map of seen pairs above 1,024 classes), never class × class × image.
 */
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import type { LabelContext } from './context.js';
import { num, round } from './robust.js';

/** Classes kept in the reported matrix (the most frequent by images); rare pairs use all. */
export const MATRIX_MAX_CLASSES = 100;

export interface CooccurrenceStats {
  /** used classes shown in the matrix, in class-table order */
  classes: string[];
  /** counts[a][b] = images holding both; counts[a][a] = images holding a */
  counts: number[][];
  /** true when more used classes exist than MATRIX_MAX_CLASSES */
  truncated: boolean;
  /** pairs that occur together in at least one image */
  pairs: number;
  rarePairs: number;
}

/** images two independent classes would share, at least, for their meeting rarely to be news */
export const MIN_EXPECTED = 5;

/** Classes up to which pair counts live in a dense K×K table; beyond, in a map of seen pairs. */
const DENSE_MAX = 1024;

export function cooccurrence(cx: LabelContext): CheckResult<CooccurrenceStats> {
  const { ds, byImage, classNames } = cx;
  const rare = cx.cfg.thresholds.rareCooccurrence;
  const K = classNames.length;
  const single = new Array<number>(K).fill(0);
  const dense = K <= DENSE_MAX ? new Int32Array(K * K) : undefined;
  const sparse = new Map<number, number>();
  const rows = cx.imageClasses();
  const { start, cls } = rows;
  for (let i = 0; i < byImage.length; i++) {
    const end = start[i + 1]!;
    for (let p = start[i]!; p < end; p++) {
      const a = cls[p]!;
      single[a]!++;
      for (let q = p + 1; q < end; q++) {
        const id = a * K + cls[q]!;
        if (dense) dense[id]!++;
        else sparse.set(id, (sparse.get(id) ?? 0) + 1);
      }
    }
  }
  const pairCount = (id: number) => (dense ? dense[id]! : (sparse.get(id) ?? 0));
  const seenPairs: number[] = [];
  if (dense) {
    for (let id = 0; id < dense.length; id++) if (dense[id]) seenPairs.push(id);
  } else seenPairs.push(...[...sparse.keys()].sort((a, b) => a - b));

  const used = [...single.keys()].filter((k) => single[k]! > 0);
  const shown = used.length > MATRIX_MAX_CLASSES ? [...used].sort((a, b) => single[b]! - single[a]! || a - b).slice(0, MATRIX_MAX_CLASSES).sort((a, b) => a - b) : used;
  const counts = shown.map((a) => shown.map((b) => (a === b ? single[a]! : pairCount(Math.min(a, b) * K + Math.max(a, b)))));

  const findings: Finding[] = [];
  const labeled = byImage.reduce((n, b) => n + (b.length ? 1 : 0), 0);
  const expected = (id: number) => (single[Math.floor(id / K)]! * single[id % K]!) / labeled;
  const rarePairs = used.length > 1 && rare > 0 ? seenPairs.filter((id) => pairCount(id) <= rare && expected(id) >= MIN_EXPECTED) : [];
  // second pass, only when there are rare pairs: the images that hold them
  const imagesOf = new Map<number, number[]>(rarePairs.map((id) => [id, []]));
  if (rarePairs.length) {
    for (let i = 0; i < byImage.length; i++)
      for (let p = start[i]!; p < start[i + 1]!; p++)
        for (let q = p + 1; q < start[i + 1]!; q++) imagesOf.get(cls[p]! * K + cls[q]!)?.push(i);
  }
  for (const id of rarePairs) {
    const a = Math.floor(id / K);
    const b = id % K;
    const imgs = imagesOf.get(id)!.map((i) => ds.images[i]!);
    const first = imgs[0]!;
    const file = cx.labelFileOf(first);
    const related = [...new Set([...(file !== first.path ? [first.path] : []), ...imgs.slice(1).map((m) => m.path)])];
    const [na, nb] = [classNames[a]!, classNames[b]!];
    const where = imgs.length === 1 ? `only 1 image (${first.path})` : `only ${imgs.length} images (${imgs.map((m) => m.path).join(', ')})`;
    findings.push(
      finding({
        check: 'cooccurrence/rare',
        severity: 'info',
        path: file,
        key: `${na}+${nb}`,
        ...(related.length ? { related } : {}),
        message: `Classes '${na}' and '${nb}' appear together in ${where}, though '${na}' is in ${num(single[a]!)} images and '${nb}' in ${num(single[b]!)}, so they would share about ${Math.round(expected(id))} by chance; check the labels there.`,
        data: { classes: [na, nb], together: imgs.length, images: [single[a]!, single[b]!], expected: round(expected(id), 2) },
      }),
    );
  }
  return {
    id: 'cooccurrence',
    stats: { classes: shown.map((k) => classNames[k]!), counts, truncated: shown.length < used.length, pairs: seenPairs.length, rarePairs: findings.length },
    findings,
  };
}
