/**
 * Box sanity, one pass over every box:
 * - box/degenerate (error): zero or negative width/height, or coordinates that are not numbers;
 * - box/out-of-bounds: wholly outside the image (error); partly outside by more than half a
 *   pixel (1e-3 of the side when the size is unknown) (warning; an error for a YOLO line whose
 *   center or size lies outside -0.01..1.01, which makes Ultralytics drop the whole image);
 * - box/tiny: a side under boxSize.minPixels px, or under boxSize.minAreaFraction of the image;
 * - box/aspect: long side / short side above boxSize.maxAspectRatio (in pixels when known);
 * - box/size-outlier (info): per class, modified z-score of log(area fraction) beyond
 *   boxSize.outlierZ and at least 4× off the class median (classes with ≥ 10 boxes);
 * - box/too-many: more than maxBoxesPerImage boxes in one image.
 * Tiny/aspect/size use the part of the box inside the image.
 */
import type { Box, ImageEntry } from '../model.js';
import type { CheckResult, Finding, Severity } from '../findings.js';
import { finding } from '../findings.js';
import type { BoxClassSize, BoxSanityStats } from './box-sanity-stats.js';
import { boxLabel, enabled, type LabelContext } from './context.js';
import { medianInPlace, modifiedZ, num, pct, quantileInPlace, robustScale, round } from './robust.js';

export type { BoxClassSize, BoxSanityStats };

const MIN_BOXES_FOR_OUTLIERS = 10;
const MIN_OUTLIER_FACTOR = Math.log(4);
/** pixel sizes from normalised × size carry rounding error: 1 px must not read as 0.9999999 */
const EPS = 1e-6;

export function boxSanity(cx: LabelContext): CheckResult<BoxSanityStats> {
  const { ds, byImage, indexOf, classNames } = cx;
  const t = cx.cfg.thresholds;
  const bs = t.boxSize;
  const sizeOn = enabled(bs.severity);
  const sev = bs.severity as Severity;
  const K = classNames.length;
  // per-class segments of flat typed arrays (counting-sort layout): memory linear in boxes
  const counts = new Int32Array(K);
  for (const b of ds.boxes) counts[indexOf(b.classId)]!++;
  const start = new Int32Array(K + 1);
  for (let k = 0; k < K; k++) start[k + 1] = start[k]! + counts[k]!;
  const total = start[K]!;
  const logArea = new Float64Array(total);
  const whereImg = new Int32Array(total);
  const whereIdx = new Int32Array(total);
  const wPx = new Float64Array(total);
  const hPx = new Float64Array(total);
  const nArea = start.slice(0, K);
  const nPx = start.slice(0, K);
  const findings: Finding[] = [];
  const st: BoxSanityStats = { boxes: ds.boxes.length, degenerate: 0, outOfBounds: 0, tiny: 0, aspect: 0, sizeOutliers: 0, imagesWithTooMany: 0, perClass: [] };

  const emit = (check: string, severity: Severity, img: ImageEntry, b: Box, i: number, j: number, message: string, data?: Record<string, unknown>) => {
    const related = cx.relatedOf(img, b.file);
    findings.push(
      finding({ check, severity, message, path: b.file, ...(b.line !== undefined ? { line: b.line } : {}), key: cx.boxKey(i, j), ...(related ? { related } : {}), ...(data ? { data } : {}) }),
    );
  };

  const who = (img: ImageEntry, j: number, k: number) => `${boxLabel(j, classNames[k]!)} in ${img.path}`;
  // Ultralytics reads a YOLO line's x_center, y_center, width and height (a polygon's: those of its
  // bounding box) and drops the whole image as corrupt when one lies outside -0.01..1.01
  const yolo = ds.format === 'yolo';
  const rejected = (b: Box) => yolo && [(b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2, b.x2 - b.x1, b.y2 - b.y1].some((v) => v < -0.01 || v > 1.01);
  const DROPPED = ' Ultralytics rejects YOLO values outside 0–1 and skips the whole image (all its boxes) as corrupt.';
  const px = (v: number, side: number) => (side ? `${fmt(v * side)} px` : `${fmt(v)} of the image side`);
  byImage.forEach((boxes, i) => {
    const img = ds.images[i]!;
    const W = img.width && img.height ? img.width : 0;
    const H = W ? img.height! : 0;
    const tx = W ? 0.5 / W : 1e-3;
    const ty = H ? 0.5 / H : 1e-3;
    const tooMany = t.maxBoxesPerImage;
    if (enabled(tooMany.severity) && boxes.length > tooMany.value) {
      st.imagesWithTooMany++;
      const file = cx.labelFileOf(img);
      const related = cx.relatedOf(img, file);
      findings.push(
        finding({
          check: 'box/too-many',
          severity: tooMany.severity,
          path: file,
          key: img.path,
          ...(related ? { related } : {}),
          message: `${img.path} has ${num(boxes.length)} boxes, more than the limit of ${num(tooMany.value)} for one image (detectors such as YOLO keep at most 300 per image by default); check for pasted or repeated labels.`,
          data: { boxes: boxes.length, limit: tooMany.value },
        }),
      );
    }
    for (let j = 0; j < boxes.length; j++) {
      const b = boxes[j]!;
      const k = indexOf(b.classId);
      if (!(Number.isFinite(b.x1) && Number.isFinite(b.y1) && Number.isFinite(b.x2) && Number.isFinite(b.y2))) {
        st.degenerate++;
        emit('box/degenerate', 'error', img, b, i, j, `${who(img, j, k)} has a coordinate that is not a number; it cannot be used.`);
        continue;
      }
      const w = b.x2 - b.x1;
      const h = b.y2 - b.y1;
      if (w <= 0 || h <= 0) {
        st.degenerate++;
        const what = [w <= 0 ? `${w === 0 ? 'zero' : 'negative'} width (${px(w, W)})` : '', h <= 0 ? `${h === 0 ? 'zero' : 'negative'} height (${px(h, H)})` : '']
          .filter(Boolean)
          .join(' and ');
        emit('box/degenerate', 'error', img, b, i, j, `${who(img, j, k)} has ${what}; it cannot be learned from.${rejected(b) ? DROPPED : ''}`, { w, h });
        continue;
      }
      if (b.x2 <= 0 || b.y2 <= 0 || b.x1 >= 1 || b.y1 >= 1) {
        st.outOfBounds++;
        emit('box/out-of-bounds', 'error', img, b, i, j, `${who(img, j, k)} lies wholly outside the image (corners ${corners(b, W, H)}); it labels nothing.${rejected(b) ? DROPPED : ''}`);
        continue;
      }
      if (b.x1 < -tx || b.y1 < -ty || b.x2 > 1 + tx || b.y2 > 1 + ty) {
        st.outOfBounds++;
        const by = Math.max(-b.x1 * (W || 1), -b.y1 * (H || 1), (b.x2 - 1) * (W || 1), (b.y2 - 1) * (H || 1));
        const beyond = `${who(img, j, k)} reaches ${W ? `${fmt(by)} px` : `${pct(by)} of the side`} beyond the image edge (corners ${corners(b, W, H)})`;
        if (rejected(b)) emit('box/out-of-bounds', 'error', img, b, i, j, `${beyond}.${DROPPED}`);
        else emit('box/out-of-bounds', 'warning', img, b, i, j, `${beyond}; training clips it to the image.`);
      }
      const cw = Math.min(b.x2, 1) - Math.max(b.x1, 0);
      const ch = Math.min(b.y2, 1) - Math.max(b.y1, 0);
      const area = cw * ch;
      if (!b.crowd) {
        const p = nArea[k]!++;
        logArea[p] = Math.log(area);
        whereImg[p] = i;
        whereIdx[p] = j;
      }
      if (W) {
        const p = nPx[k]!++;
        wPx[p] = cw * W;
        hPx[p] = ch * H;
      }
      if (!sizeOn) continue;
      const small = W ? cw * W < bs.minPixels - EPS || ch * H < bs.minPixels - EPS : false;
      if (small || area < bs.minAreaFraction) {
        st.tiny++;
        const dims = W ? `${fmt(cw * W)}×${fmt(ch * H)} px` : `${fmt(cw)}×${fmt(ch)} of the image`;
        const rule = small ? `boxes under ${bs.minPixels} px` : `boxes under ${pct(bs.minAreaFraction)} of the image area`;
        emit('box/tiny', sev, img, b, i, j, `${who(img, j, k)} is ${dims} (${pct(area)} of the image); ${rule} are hard to learn from.`, { areaFraction: round(area, 9) });
      }
      const ar = W ? Math.max((cw * W) / (ch * H), (ch * H) / (cw * W)) : Math.max(cw / ch, ch / cw);
      if (ar > bs.maxAspectRatio) {
        st.aspect++;
        const dims = W ? `${fmt(cw * W)}×${fmt(ch * H)} px` : `${fmt(cw)}×${fmt(ch)} of the image`;
        emit('box/aspect', sev, img, b, i, j, `${who(img, j, k)} is ${dims}, ${ar.toFixed(1)} times longer than wide; above ${bs.maxAspectRatio} this is usually a slip of the mouse.`, { aspectRatio: round(ar, 3) });
      }
    }
  });

  for (let k = 0; k < K; k++) {
    if (!counts[k]) continue;
    const la = logArea.subarray(start[k]!, nArea[k]!);
    const q = (p: number) => (la.length ? round(Math.exp(quantileInPlace(la.slice(), p)), 9) : 0);
    const row: BoxClassSize = { name: classNames[k]!, boxes: counts[k]!, medianAreaFraction: q(0.5), p05AreaFraction: q(0.05), p95AreaFraction: q(0.95) };
    if (nPx[k]! > start[k]!) {
      row.medianWidthPx = round(medianInPlace(wPx.subarray(start[k]!, nPx[k]!)), 2);
      row.medianHeightPx = round(medianInPlace(hPx.subarray(start[k]!, nPx[k]!)), 2);
    }
    st.perClass.push(row);
    if (!sizeOn || la.length < MIN_BOXES_FOR_OUTLIERS) continue;
    const sc = robustScale(la);
    for (let n = 0; n < la.length; n++) {
      const z = modifiedZ(la[n]!, sc);
      const off = la[n]! - sc.median;
      if (Math.abs(z) <= bs.outlierZ || Math.abs(off) < MIN_OUTLIER_FACTOR) continue;
      const i = whereImg[start[k]! + n]!;
      const j = whereIdx[start[k]! + n]!;
      st.sizeOutliers++;
      const img = ds.images[i]!;
      const factor = Math.exp(Math.abs(off));
      emit(
        'box/size-outlier',
        'info',
        img,
        byImage[i]![j]!,
        i,
        j,
        `${boxLabel(j, classNames[k]!)} in ${img.path} covers ${pct(Math.exp(la[n]!))} of the image, ${fmt(factor)} times ${off < 0 ? 'smaller' : 'larger'} than the typical '${classNames[k]}' box (${pct(Math.exp(sc.median))}); check that it is the right class and the right extent.`,
        { z: round(z, 2), areaFraction: round(Math.exp(la[n]!), 9), classMedian: round(Math.exp(sc.median), 9) },
      );
    }
  }
  return { id: 'box-sanity', stats: st, findings };
}

function fmt(x: number): string {
  const a = Math.abs(x);
  if (a >= 100 || Number.isInteger(x)) return String(Math.round(x));
  if (a >= 1) return String(Math.round(x * 10) / 10);
  return String(Number(x.toPrecision(2)));
}

function corners(b: Box, W: number, H: number): string {
  return W ? `${fmt(b.x1 * W)},${fmt(b.y1 * H)} to ${fmt(b.x2 * W)},${fmt(b.y2 * H)} px in a ${W}×${H} image` : `${fmt(b.x1)},${fmt(b.y1)} to ${fmt(b.x2)},${fmt(b.y2)} normalised`;
}
