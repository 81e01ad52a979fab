/**
 * Split leakage:
 *   - leak/same-file: one image file listed in two splits (same-file.ts);
 *   - leak/duplicate: a duplicate group (exact, pixel-identical or near, see duplicates.ts) whose
 *     members sit in more than one split — an evaluation split that contains copies of training
 *     images measures memory, not generalisation;
 *   - leak/group: one group key (scene / camera / day / video, from --group-by or the config) in
 *     more than one split, listing the groups and some images per split.
 * Both point at the first image of the group in the LAST split of the dataset's split order (the
 * evaluation side, usually val/test), with the other images as related.
 */
import type { QcConfig } from '../config/schema.js';
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import type { Dataset } from '../model.js';
import { enabled } from './context.js';
import { describeGroup, groupData, listPaths, MAX_RELATED } from './dup-describe.js';
import { byPath, type DuplicateAnalysis } from './duplicates.js';
import type { ImageContext } from './images.js';
import { num, plural } from './robust.js';
import { sameFileLeakage, type SameFileStats } from './same-file.js';

export interface LeakageStats extends SameFileStats {
  /** duplicate groups spanning splits, and the images in them */
  duplicateGroups: number;
  duplicateImages: number;
  /** split pair "train|val" → images of one split with a copy in the other */
  bySplitPair: Record<string, number>;
  /** images with a group key, distinct keys, keys in more than one split */
  groupedImages: number;
  groups: number;
  leakedGroups: number;
  leakedGroupImages: number;
}

const EXAMPLES_PER_SPLIT = 3;

export function leakage(ix: ImageContext, dups: DuplicateAnalysis): CheckResult<LeakageStats> {
  const { ds, cfg } = ix.cx;
  const sev = cfg.thresholds.leakage.duplicates;
  const findings: Finding[] = [];
  const bySplitPair: Record<string, number> = {};
  let duplicateGroups = 0;
  let duplicateImages = 0;
  for (const g of dups.groups) {
    if (g.splits.length < 2) continue;
    duplicateGroups++;
    duplicateImages += g.members.length;
    for (let x = 0; x < g.splits.length; x++)
      for (let y = x + 1; y < g.splits.length; y++) {
        const pair = `${g.splits[x]}|${g.splits[y]}`;
        bySplitPair[pair] = (bySplitPair[pair] ?? 0) + 1;
      }
    if (!enabled(sev)) continue;
    const evalSplit = g.splits[g.splits.length - 1]!;
    const first = g.members.find((i) => ds.images[i]!.split === evalSplit)!;
    const perSplit = g.splits.map((s) => {
      const ps = g.members.filter((i) => ds.images[i]!.split === s).map((i) => ds.images[i]!.path);
      return `${s}: ${listPaths(ps, 4)}`;
    });
    findings.push(
      finding({
        check: 'leak/duplicate',
        severity: sev,
        path: ds.images[first]!.path,
        key: g.key,
        related: [...new Set(g.members.map((i) => ds.images[i]!.path))].filter((p) => p !== ds.images[first]!.path).slice(0, MAX_RELATED),
        message:
          `Duplicates across splits ${quoteList(g.splits)}: ${describeGroup(ix, g)} ` +
          `By split — ${perSplit.join('; ')}. Scores on '${evalSplit}' are inflated by images the model trained on; keep each image in one split.`,
        data: { ...groupData(ix, g), splits: g.splits },
      }),
    );
  }
  const same = sameFileLeakage(ds, cfg);
  const grp = groupLeakage(ds, cfg);
  return {
    id: 'leakage',
    stats: { duplicateGroups, duplicateImages, bySplitPair, ...same.stats, ...grp.stats },
    findings: [...same.findings, ...findings, ...grp.findings],
  };
}

/** The leakage that needs no pixels (a labels-only run has it too): files in two splits, group keys. */
export function pixelFreeLeakage(ds: Pick<Dataset, 'images' | 'splits' | 'source'>, cfg: QcConfig): { stats: Omit<LeakageStats, 'duplicateGroups' | 'duplicateImages' | 'bySplitPair'>; findings: Finding[] } {
  const same = sameFileLeakage(ds, cfg);
  const grp = groupLeakage(ds, cfg);
  return { stats: { ...same.stats, ...grp.stats }, findings: [...same.findings, ...grp.findings] };
}

/** leak/group on its own (it needs no pixels: usable with --labels-only). */
export function groupLeakage(
  ds: Pick<Dataset, 'images' | 'splits'>,
  cfg: QcConfig,
): { stats: Pick<LeakageStats, 'groupedImages' | 'groups' | 'leakedGroups' | 'leakedGroupImages'>; findings: Finding[] } {
  const sev = cfg.thresholds.leakage.groups;
  const splitOrder = new Map(ds.splits.map((s, k) => [s, k]));
  const groups = new Map<string, Map<string, string[]>>();
  let groupedImages = 0;
  for (const img of ds.images) {
    if (img.group === undefined) continue;
    groupedImages++;
    let bySplit = groups.get(img.group);
    if (!bySplit) groups.set(img.group, (bySplit = new Map()));
    const list = bySplit.get(img.split);
    if (list) list.push(img.path);
    else bySplit.set(img.split, [img.path]);
  }
  const findings: Finding[] = [];
  let leakedGroups = 0;
  let leakedGroupImages = 0;
  for (const [group, bySplit] of [...groups].sort((a, b) => byPath(a[0], b[0]))) {
    if (bySplit.size < 2) continue;
    leakedGroups++;
    const splits = [...bySplit.keys()].sort((x, y) => (splitOrder.get(x) ?? 1e9) - (splitOrder.get(y) ?? 1e9) || byPath(x, y));
    const lists = splits.map((s) => bySplit.get(s)!.sort(byPath));
    const total = lists.reduce((n, l) => n + l.length, 0);
    leakedGroupImages += total;
    if (!enabled(sev)) continue;
    const evalSplit = splits[splits.length - 1]!;
    const path = lists[lists.length - 1]![0]!;
    const related = lists.flatMap((l) => l.slice(0, EXAMPLES_PER_SPLIT)).filter((p) => p !== path);
    const counts = splits.map((s, k) => `${s} (${plural(lists[k]!.length, 'image')}: ${listPaths(lists[k]!, EXAMPLES_PER_SPLIT)})`);
    findings.push(
      finding({
        check: 'leak/group',
        severity: sev,
        path,
        key: group,
        related,
        message:
          `Group '${group}' (${num(total)} images) is spread over splits ${quoteList(splits)}: ${counts.join('; ')}. ` +
          `Images of one scene/camera/sequence in both training and '${evalSplit}' let the model score on what it has already seen; move the whole group into one split.`,
        data: { group, splits: Object.fromEntries(splits.map((s, k) => [s, lists[k]!.length])) },
      }),
    );
  }
  return { stats: { groupedImages, groups: groups.size, leakedGroups, leakedGroupImages }, findings };
}

function quoteList(xs: string[]): string {
  return listPaths(xs.map((x) => `'${x}'`));
}
