/**
 * File-level label checks: label files without an image (label/orphan), images without any
 * annotation (image/unlabeled), and images whose real size differs from the size the
 * annotation declares (image/size-mismatch: its boxes would be scaled wrong).
 */
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import type { LabelContext } from './context.js';

export interface FilesStats {
  orphans: number;
  unlabeled: number;
  sizeMismatch: number;
}

export function fileChecks(cx: LabelContext): CheckResult<FilesStats> {
  const { ds } = cx;
  const findings: Finding[] = [];
  for (const o of ds.orphans) {
    findings.push(
      finding({
        check: 'label/orphan',
        severity: 'warning',
        path: o.path,
        key: '',
        message: `Label file ${o.path}${o.split ? ` (split '${o.split}')` : ''} has no matching image; its boxes are not used.`,
      }),
    );
  }
  let unlabeled = 0;
  let mismatch = 0;
  for (const img of ds.images) {
    if (img.labelState === 'unlabeled') {
      unlabeled++;
      findings.push(
        finding({
          check: 'image/unlabeled',
          severity: 'warning',
          path: img.path,
          key: '',
          message: `Image ${img.path} has no annotation at all. If it shows no objects, give it an empty label file so it counts as a deliberate background; otherwise label it.`,
        }),
      );
    }
    const dw = img.declaredWidth;
    const dh = img.declaredHeight;
    if (img.sizeSource === 'file' && dw !== undefined && dh !== undefined && img.width && img.height && (dw !== img.width || dh !== img.height)) {
      mismatch++;
      const file = cx.labelFileOf(img);
      const related = cx.relatedOf(img, file);
      const o = img.orientation;
      // width/height are the displayed size; a quarter-turn orientation stores the sides swapped
      const storedFrame = o !== undefined && o >= 5 && o <= 8 && dw === img.height && dh === img.width;
      const swapped = !storedFrame && dw === img.height && dh === img.width ? ' The sides are swapped: the annotation was probably made on a rotated copy of the image.' : '';
      findings.push(
        finding({
          check: 'image/size-mismatch',
          // the stored frame is right for loaders that ignore EXIF, wrong for those that honour it
          severity: storedFrame ? 'warning' : 'error',
          path: file,
          key: img.path,
          ...(related ? { related } : {}),
          message: storedFrame
            ? `${file} declares ${img.path} as ${dw}×${dh} px, its stored (unrotated) frame, but the file carries EXIF orientation ${o}, so loaders that apply it (OpenCV, Ultralytics, PIL exif_transpose) see ${img.width}×${img.height} px and its boxes land in the wrong place. Re-save the image upright without the orientation tag, or annotate the displayed frame.`
            : `${file} declares ${img.path} as ${dw}×${dh} px, but the image file is ${img.width}×${img.height} px; its boxes would be scaled wrong.${swapped}`,
          data: { declared: [dw, dh], actual: [img.width, img.height], ...(o ? { orientation: o } : {}) },
        }),
      );
    }
  }
  return { id: 'files', stats: { orphans: ds.orphans.length, unlabeled, sizeMismatch: mismatch }, findings };
}
