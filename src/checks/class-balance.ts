/**
 * Class balance: instances and images per class, per split and in total; declared classes
 * never used; one class spelled several ways (class-names.ts); classes missing from the training
 * or an evaluation split (split-coverage.ts); the imbalance ratio (largest / smallest instance
 * count among used classes).
 * Gates (class/min-instances, class/min-images, class/imbalance) apply to the whole dataset.
 */
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import { similarNameFindings, similarNameGroups } from './class-names.js';
import { splitCoverage } from './split-coverage.js';
import { enabled, type LabelContext } from './context.js';
import { num, plural, round } from './robust.js';

export interface ClassCount {
  instances: number;
  images: number;
}

export interface ClassBalanceRow extends ClassCount {
  id: number;
  name: string;
  /** false for a class id used by boxes but missing from the class table */
  declared: boolean;
  /** split name → counts (every split of the dataset appears) */
  bySplit: Record<string, ClassCount>;
}

export interface ClassBalanceStats {
  splits: string[];
  classes: ClassBalanceRow[];
  /** classes with at least one instance */
  used: number;
  /** declared classes with no instance */
  unused: string[];
  /** names that are one class spelled several ways (class-names.ts), most used first */
  similarNames: string[][];
  /** largest / smallest instance count among used classes; null with fewer than 2 used classes */
  imbalanceRatio: number | null;
  largest?: string;
  smallest?: string;
}

export function classBalance(cx: LabelContext): CheckResult<ClassBalanceStats> {
  const { ds, classNames, classIds, declared } = cx;
  const rows = cx.imageClasses();
  const t = cx.cfg.thresholds;
  const splits = splitList(ds.splits, ds.images.map((i) => i.split));
  const splitIdx = new Map(splits.map((s, i) => [s, i]));
  const K = classIds.length;
  const S = splits.length;
  const inst = new Float64Array(K * S);
  const imgs = new Float64Array(K * S);
  for (let i = 0; i < ds.images.length; i++) {
    if (rows.start[i] === rows.start[i + 1]) continue;
    const s = splitIdx.get(ds.images[i]!.split)!;
    for (let p = rows.start[i]!; p < rows.start[i + 1]!; p++) {
      inst[rows.cls[p]! * S + s] += rows.count[p]!;
      imgs[rows.cls[p]! * S + s]++;
    }
  }
  const classes: ClassBalanceRow[] = classIds.map((id, k) => {
    let instances = 0;
    let images = 0;
    const bySplit = splits.map((s, j) => {
      instances += inst[k * S + j]!;
      images += imgs[k * S + j]!;
      return [s, { instances: inst[k * S + j]!, images: imgs[k * S + j]! }] as const;
    });
    return { id, name: classNames[k]!, declared: declared[k]!, instances, images, bySplit: Object.fromEntries(bySplit) };
  });
  const used = classes.filter((c) => c.instances > 0);
  let largest: ClassBalanceRow | undefined;
  let smallest: ClassBalanceRow | undefined;
  for (const c of used) {
    if (!largest || c.instances > largest.instances) largest = c;
    if (!smallest || c.instances < smallest.instances) smallest = c;
  }
  const ratio = used.length >= 2 ? largest!.instances / smallest!.instances : null;
  const similar = similarNameGroups(classes);
  const stats: ClassBalanceStats = {
    splits,
    classes,
    used: used.length,
    unused: classes.filter((c) => c.declared && c.instances === 0).map((c) => c.name),
    similarNames: similar.map((g) => g.map((c) => c.name)),
    imbalanceRatio: ratio === null ? null : round(ratio, 3),
    ...(largest && used.length >= 2 ? { largest: largest.name, smallest: smallest!.name } : {}),
  };

  const findings: Finding[] = [];
  const path = ds.source;
  const at = path !== undefined ? { path } : {};
  const perSplit = (c: ClassBalanceRow, field: keyof ClassCount) =>
    splits.length > 1 ? ` (${splits.map((s) => `${s || '(none)'} ${num(c.bySplit[s]![field])}`).join(', ')})` : '';
  for (const c of classes) {
    if (c.declared && c.instances === 0)
      findings.push(finding({ check: 'class/unused', severity: 'warning', ...at, key: c.name, message: `Class '${c.name}' is declared but no box uses it; a model trained on this data will never learn it.` }));
  }
  findings.push(...similarNameFindings(ds, similar, 'warning'));
  findings.push(...splitCoverage(splits, classes, path));
  const gates = [
    ['class/min-instances', 'instances', t.minInstancesPerClass, 'instance'],
    ['class/min-images', 'images', t.minImagesPerClass, 'image'],
  ] as const;
  for (const [check, field, gate, word] of gates) {
    if (!enabled(gate.severity)) continue;
    for (const c of classes) {
      if (c[field] >= gate.value) continue;
      findings.push(
        finding({
          check,
          severity: gate.severity,
          ...at,
          key: c.name,
          message: `Class '${c.name}' has ${plural(c[field], word)}${perSplit(c, field)}; at least ${plural(gate.value, word)} per class are recommended.`,
          data: { [field]: c[field], minimum: gate.value },
        }),
      );
    }
  }
  const imb = t.maxImbalanceRatio;
  if (enabled(imb.severity) && ratio !== null && ratio > imb.value) {
    findings.push(
      finding({
        check: 'class/imbalance',
        severity: imb.severity,
        ...at,
        key: '',
        message: `The largest class '${largest!.name}' has ${num(largest!.instances)} instances and the smallest '${smallest!.name}' has ${num(smallest!.instances)}: a ratio of ${ratio.toFixed(1)}, above the limit of ${imb.value}.`,
        data: { ratio: round(ratio, 3), limit: imb.value, largest: largest!.name, smallest: smallest!.name },
      }),
    );
  }
  return { id: 'class-balance', stats, findings };
}

/** Declared split order, then any split an image names that is not declared. */
export function splitList(declared: string[], used: Iterable<string>): string[] {
  const out = [...new Set(declared)];
  const have = new Set(out);
  for (const s of used) if (!have.has(s)) (have.add(s), out.push(s));
  return out;
}
