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
      const swapped = dw === img.height && dh === img.width ? ' The sides are swapped: the image is probably rotated (EXIF orientation) relative to the annotation.' : '';
      const related = cx.relatedOf(img, file);
      findings.push(
        finding({
          check: 'image/size-mismatch',
          severity: 'error',
          path: file,
          key: img.path,
          ...(related ? { related } : {}),
          message: `${file} declares ${img.path} as ${dw}×${dh} px, but the image file is ${img.width}×${img.height} px; its boxes would be scaled wrong.${swapped}`,
          data: { declared: [dw, dh], actual: [img.width, img.height] },
        }),
      );
    }
  }
  return { id: 'files', stats: { orphans: ds.orphans.length, unlabeled, sizeMismatch: mismatch }, findings };
}
