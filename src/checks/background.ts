/**
 * Background share per split: images whose annotation says "no objects" over all images of the
 * split. Unlabeled images (no annotation at all) are not backgrounds; they are counted apart.
 */
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import { splitList } from './class-balance.js';
import { enabled, type LabelContext } from './context.js';
import { num, pct, round } from './robust.js';

export interface SplitBackground {
  split: string;
  images: number;
  labeled: number;
  background: number;
  unlabeled: number;
  boxes: number;
  /** background / images */
  backgroundShare: number;
}

export interface BackgroundStats {
  splits: SplitBackground[];
  total: SplitBackground;
  /** the allowed range the gate used */
  range: { min: number; max: number };
}

export function backgroundShare(cx: LabelContext): CheckResult<BackgroundStats> {
  const { ds, byImage } = cx;
  const gate = cx.cfg.thresholds.backgroundShare;
  const names = splitList(ds.splits, ds.images.map((i) => i.split));
  const rows = new Map(names.map((s) => [s, row(s)]));
  const total = row('(all)');
  ds.images.forEach((img, i) => {
    const r = rows.get(img.split)!;
    for (const x of [r, total]) {
      x.images++;
      x[img.labelState]++;
      x.boxes += byImage[i]!.length;
    }
  });
  for (const r of [...rows.values(), total]) r.backgroundShare = r.images ? round(r.background / r.images) : 0;
  const splits = [...rows.values()];
  const stats: BackgroundStats = { splits, total, range: { min: gate.min, max: gate.max } };

  const findings: Finding[] = [];
  if (enabled(gate.severity)) {
    for (const r of splits) {
      if (!r.images) continue;
      const share = r.background / r.images;
      if (share >= gate.min && share <= gate.max) continue;
      const side = share > gate.max ? `above the maximum of ${pct(gate.max)}` : `below the minimum of ${pct(gate.min)}`;
      const unl = r.unlabeled ? ` ${num(r.unlabeled)} more image${r.unlabeled === 1 ? ' has' : 's have'} no label file at all and ${r.unlabeled === 1 ? 'is' : 'are'} not counted as background.` : '';
      findings.push(
        finding({
          check: 'split/background-share',
          severity: gate.severity,
          ...(ds.source !== undefined ? { path: ds.source } : {}),
          key: r.split,
          message: `Split '${r.split || '(none)'}' has ${pct(share)} background images (${num(r.background)} of ${num(r.images)}), ${side}; the allowed range is ${pct(gate.min)}–${pct(gate.max)}.${unl}`,
          data: { split: r.split, share: round(share), background: r.background, images: r.images, unlabeled: r.unlabeled, min: gate.min, max: gate.max },
        }),
      );
    }
  }
  return { id: 'background', stats, findings };
}

function row(split: string): SplitBackground {
  return { split, images: 0, labeled: 0, background: 0, unlabeled: 0, boxes: 0, backgroundShare: 0 };
}
