/**
 * Class coverage across splits: a class the evaluation splits hold but the training split lacks
 * (split/class-not-trained, warning: the model never sees it and scores nothing on it), and
 * classes the training split has that an evaluation split lacks (split/class-not-evaluated,
 * info: its scores are never measured). One finding per split and direction, naming the classes.
 * The training split is the one named train* (else the first split); every other split with
 * labeled images is an evaluation split. Pure: the class rows in, findings out.
 */
import { finding, type Finding } from '../findings.js';
import { listPaths } from './dup-describe.js';
import { num, plural } from './robust.js';

interface Row {
  name: string;
  instances: number;
  bySplit: Record<string, { instances: number; images: number }>;
}

/** The training split: the first named train…, else the first split. */
export function trainingSplit(splits: readonly string[]): string | undefined {
  return splits.find((s) => /^train/i.test(s)) ?? splits[0];
}

export function splitCoverage(splits: readonly string[], classes: readonly Row[], path: string | undefined): Finding[] {
  const train = trainingSplit(splits);
  if (train === undefined || splits.length < 2) return [];
  const has = (c: Row, s: string) => (c.bySplit[s]?.instances ?? 0) > 0;
  const used = classes.filter((c) => c.instances > 0);
  // a split without any instance (a test split without labels) says nothing about coverage
  const evalSplits = splits.filter((s) => s !== train && used.some((c) => has(c, s)));
  if (!used.some((c) => has(c, train))) return [];
  const at = path !== undefined ? { path } : {};
  const out: Finding[] = [];
  const add = (check: string, severity: 'warning' | 'info', key: string, split: string, list: readonly Row[], message: (them: string) => string) => {
    if (list.length)
      out.push(finding({ check, severity, ...at, key, message: message(list.length === 1 ? 'it' : 'them'), data: { split, training: train, classes: list.map((c) => c.name) } }));
  };
  for (const s of evalSplits) {
    const untrained = used.filter((c) => has(c, s) && !has(c, train));
    add('split/class-not-trained', 'warning', `${s}|${train}`, s, untrained, (them) =>
      `'${s}' has ${plural(untrained.length, 'class', 'classes')} that '${train}' has no instance of: ` +
      `${listPaths(untrained.map((c) => `'${c.name}' (${num(c.bySplit[s]!.instances)})`), 8)}. The model never sees ${them} in training and scores nothing on ${them}.`,
    );
    const unevaluated = used.filter((c) => has(c, train) && !has(c, s));
    add('split/class-not-evaluated', 'info', `${train}|${s}`, s, unevaluated, (them) =>
      `'${s}' has no instance of ${plural(unevaluated.length, 'class', 'classes')} that '${train}' has: ` +
      `${listPaths(unevaluated.map((c) => `'${c.name}'`), 8)}. Scores on '${s}' say nothing about ${them}.`,
    );
  }
  return out;
}
