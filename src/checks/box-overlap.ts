/**
 * Overlapping boxes in one image: box/duplicate (same class, IoU ≥ duplicateBoxIou: an object
 * annotated twice) and box/conflict (different classes, IoU ≥ conflictingBoxIou: one object,
 * two labels). Per image, boxes are sorted by x1 and swept, so only boxes whose x-ranges
 * overlap are compared. Crowd regions (COCO iscrowd) and invalid boxes are left out.
 */
import type { Box } from '../model.js';
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import type { LabelContext } from './context.js';
import { round } from './robust.js';

export interface BoxOverlapStats {
  duplicates: number;
  conflicts: number;
  /** box pairs whose IoU was computed */
  pairsCompared: number;
  duplicateIou: number;
  conflictIou: number;
}

export function boxOverlap(cx: LabelContext): CheckResult<BoxOverlapStats> {
  const { ds, byImage } = cx;
  const dupT = cx.cfg.thresholds.duplicateBoxIou;
  const conT = cx.cfg.thresholds.conflictingBoxIou;
  const minT = Math.min(dupT, conT);
  const st: BoxOverlapStats = { duplicates: 0, conflicts: 0, pairsCompared: 0, duplicateIou: dupT, conflictIou: conT };
  const findings: Finding[] = [];
  let order = new Int32Array(64);
  byImage.forEach((boxes, i) => {
    const n = boxes.length;
    if (n < 2) return;
    if (order.length < n) order = new Int32Array(n * 2);
    let m = 0;
    const idx = order;
    if (n <= 64) {
      // insertion sort by x1 (stable): allocation-free for the usual handful of boxes
      for (let j = 0; j < n; j++) {
        const b = boxes[j]!;
        if (!valid(b)) continue;
        let p = m++;
        while (p > 0 && boxes[idx[p - 1]!]!.x1 > b.x1) {
          idx[p] = idx[p - 1]!;
          p--;
        }
        idx[p] = j;
      }
    } else {
      for (let j = 0; j < n; j++) if (valid(boxes[j]!)) idx[m++] = j;
      idx.subarray(0, m).sort((a, b) => boxes[a]!.x1 - boxes[b]!.x1 || a - b);
    }
    if (m < 2) return;
    for (let p = 0; p < m; p++) {
      const a = boxes[idx[p]!]!;
      const areaA = (a.x2 - a.x1) * (a.y2 - a.y1);
      for (let q = p + 1; q < m; q++) {
        const b = boxes[idx[q]!]!;
        if (b.x1 >= a.x2) break;
        const iw = Math.min(a.x2, b.x2) - b.x1;
        const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (ih <= 0) continue;
        st.pairsCompared++;
        const inter = iw * ih;
        const iou = inter / (areaA + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
        if (iou < minT) continue;
        const same = a.classId === b.classId;
        if (same ? iou < dupT : iou < conT) continue;
        const [j1, j2] = [idx[p]!, idx[q]!].sort((x, y) => x - y) as [number, number];
        report(i, j1, j2, iou, same);
      }
    }
  });

  function report(i: number, j1: number, j2: number, iou: number, same: boolean): void {
    const img = ds.images[i]!;
    const first = byImage[i]![j1]!;
    const second = byImage[i]![j2]!;
    const c1 = cx.nameOf(first.classId);
    const c2 = cx.nameOf(second.classId);
    const lines = first.line !== undefined && second.line !== undefined ? ` (lines ${first.line} and ${second.line})` : '';
    const at = (b: Box) => (b.line !== undefined ? `, line ${b.line}` : '');
    const iouText = iou >= 0.995 && iou < 1 ? iou.toFixed(3) : iou.toFixed(2);
    const related = [...new Set([...(second.file !== img.path ? [img.path] : []), ...(first.file !== second.file ? [first.file] : [])])];
    if (same) st.duplicates++;
    else st.conflicts++;
    findings.push(
      finding({
        check: same ? 'box/duplicate' : 'box/conflict',
        severity: same ? 'warning' : 'error',
        path: second.file,
        ...(second.line !== undefined ? { line: second.line } : {}),
        key: `${cx.boxKey(i, j1)}|${cx.boxKey(i, j2)}`,
        ...(related.length ? { related } : {}),
        message: same
          ? `Boxes ${j1 + 1} and ${j2 + 1}${lines} of class '${c1}' in ${img.path} overlap at IoU ${iouText}: the same object looks annotated twice.`
          : `Box ${j1 + 1} (class '${c1}'${at(first)}) and box ${j2 + 1} (class '${c2}'${at(second)}) in ${img.path} overlap at IoU ${iouText}: one object with two different labels.`,
        data: { iou: round(iou, 4), boxes: [j1 + 1, j2 + 1], lines: [first.line ?? null, second.line ?? null], classes: [c1, c2] },
      }),
    );
  }
  return { id: 'box-overlap', stats: st, findings };
}

function valid(b: Box): boolean {
  return !b.crowd && b.x2 > b.x1 && b.y2 > b.y1 && Number.isFinite(b.x1 + b.x2 + b.y1 + b.y2);
}
