/**
 * Per-image statistics and the object-distribution table.
 * - objects per image (over annotated images: labeled + background) and covered-area fraction
 *   (union of the boxes, clipped to the image, over labeled images);
 * - the table class × objects-per-image: for each class, how many images hold 1, 2, … of it;
 * - distribution/outlier (info): an image holding far more objects of a class than the class's
 *   images usually do (COCO's "skis" case): modified z-score of log(count) above
 *   objectCountOutlierZ. The log makes the score scale-free (crowds of people are judged against
 *   crowds); the MAD is floored at ln(2)/2 so that, when most images hold the same count, only
 *   about 6× the median stands out (at z 3.5), not 2 against a usual 1.
 */
import type { Box } from '../model.js';
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import type { LabelContext } from './context.js';
import { unionArea } from './union-area.js';
import { median, num, robustScale, round, summary } from './robust.js';

/** floor of the MAD of log(count): a spread of at least a factor √2 */
const MIN_LOG_MAD = Math.LN2 / 2;

export const COUNT_BINS = ['1', '2', '3', '4', '5', '6-10', '11-20', '21-50', '51-100', '101+'] as const;

export function countBin(n: number): number {
  if (n <= 5) return n - 1;
  if (n <= 10) return 5;
  if (n <= 20) return 6;
  if (n <= 50) return 7;
  if (n <= 100) return 8;
  return 9;
}

export interface DistributionRow {
  class: string;
  /** images holding at least one object of the class */
  images: number;
  /** images per bin of COUNT_BINS */
  counts: number[];
  median: number;
  max: number;
}

export interface DistributionStats {
  objectsPerImage: { images: number; mean: number; median: number; max: number; histogram: number[] };
  coveredArea: { images: number; mean: number; median: number };
  bins: string[];
  table: DistributionRow[];
  outliers: number;
}

export function distribution(cx: LabelContext): CheckResult<DistributionStats> {
  const { ds, byImage, indexOf, classNames } = cx;
  const zMax = cx.cfg.thresholds.objectCountOutlierZ;
  const K = classNames.length;
  const perImage: number[] = [];
  const covered: number[] = [];
  const hist = new Array<number>(COUNT_BINS.length).fill(0);
  const classCounts: number[][] = Array.from({ length: K }, () => []);
  const classImages: number[][] = Array.from({ length: K }, () => []);
  const rows = cx.imageClasses();
  for (let i = 0; i < byImage.length; i++) {
    const boxes = byImage[i]!;
    if (!boxes.length) {
      if (ds.images[i]!.labelState !== 'unlabeled') perImage.push(0);
      continue;
    }
    perImage.push(boxes.length);
    hist[countBin(boxes.length)]!++;
    covered.push(unionArea(boxes));
    for (let p = rows.start[i]!; p < rows.start[i + 1]!; p++) {
      classCounts[rows.cls[p]!]!.push(rows.count[p]!);
      classImages[rows.cls[p]!]!.push(i);
    }
  }

  const findings: Finding[] = [];
  const table: DistributionRow[] = [];
  let outliers = 0;
  for (let k = 0; k < K; k++) {
    const counts = classCounts[k]!;
    if (!counts.length) continue;
    const bins = new Array<number>(COUNT_BINS.length).fill(0);
    let max = 0;
    for (const c of counts) {
      bins[countBin(c)]!++;
      if (c > max) max = c;
    }
    const med = median(counts);
    table.push({ class: classNames[k]!, images: counts.length, counts: bins, median: med, max });
    const sc = robustScale(counts.map(Math.log));
    const spread = Math.max(sc.mad, MIN_LOG_MAD);
    const cut = Math.exp(sc.median + (zMax * spread) / 0.6745);
    if (max <= cut) continue;
    counts.forEach((c, n) => {
      const z = (0.6745 * (Math.log(c) - sc.median)) / spread;
      if (z <= zMax) return;
      outliers++;
      const i = classImages[k]![n]!;
      const img = ds.images[i]!;
      const first = byImage[i]!.find((b) => indexOf(b.classId) === k) as Box;
      const file = first.file;
      const related = cx.relatedOf(img, file);
      findings.push(
        finding({
          check: 'distribution/outlier',
          severity: 'info',
          path: file,
          ...(first.line !== undefined ? { line: first.line } : {}),
          key: `${img.path}#${classNames[k]}`,
          ...(related ? { related } : {}),
          message: `${img.path} holds ${num(c)} objects of class '${classNames[k]}', where images with that class usually hold ${fmtMedian(med)} (at most ${num(max)} in this dataset); check for repeated or mislabelled boxes.`,
          data: { count: c, classMedian: med, z: round(z, 2) },
        }),
      );
    });
  }
  const cov = summary(covered);
  const per = summary(perImage);
  return {
    id: 'distribution',
    stats: {
      objectsPerImage: { images: perImage.length, ...per, histogram: hist },
      coveredArea: { images: covered.length, mean: round(cov.mean, 4), median: round(cov.median, 4) },
      bins: [...COUNT_BINS],
      table,
      outliers,
    },
    findings,
  };
}

function fmtMedian(m: number): string {
  return Number.isInteger(m) ? num(m) : m.toFixed(1);
}
