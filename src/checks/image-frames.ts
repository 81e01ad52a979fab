/**
 * The findings of image-errors.ts about an image's frame: an EXIF orientation on a labeled image
 * (image/exif-rotated) and a decoded size that matches neither frame of the declared one
 * (image/size-mismatch).
 */
import type { Finding, Severity } from '../findings.js';
import { finding } from '../findings.js';
import type { ImageEntry } from '../model.js';
import type { RecordMeta } from '../scan/record-table.js';

const ORIENTATION_TEXT: Record<number, string> = {
  2: 'mirrored horizontally',
  3: 'rotated 180°',
  4: 'mirrored vertically',
  5: 'mirrored and rotated 90° (transposed)',
  6: 'rotated 90° clockwise',
  7: 'mirrored and rotated 90° counter-clockwise (transversed)',
  8: 'rotated 90° counter-clockwise',
};

export function exifFinding(img: ImageEntry, r: RecordMeta, o: number, boxes: number, severity: Severity): Finding {
  const W = r.width ?? 0;
  const H = r.height ?? 0;
  const swap = o >= 5;
  const [sw, sh] = swap ? [H, W] : [W, H];
  const dw = img.declaredWidth;
  const dh = img.declaredHeight;
  let frame = '';
  if (dw !== undefined && dh !== undefined && swap) {
    if (dw === sw && dh === sh && sw !== sh)
      frame = ` The annotation declares ${dw}×${dh}, the stored (unrotated) frame: the boxes were probably drawn on the unrotated pixels, but loaders that apply the orientation will see the image rotated.`;
    else if (dw === W && dh === H) frame = ` The annotation declares ${dw}×${dh}, the displayed (rotated) frame, which matches loaders that apply the orientation.`;
  }
  return finding({
    check: 'image/exif-rotated',
    severity,
    path: img.path,
    key: '',
    ...(img.labelPath ? { related: [img.labelPath] } : {}),
    message:
      `Image ${img.path} has EXIF orientation ${o} (${ORIENTATION_TEXT[o]}): stored as ${sw}×${sh} px, displayed as ${W}×${H} px. ` +
      `Its ${boxes} box${boxes === 1 ? '' : 'es'} are only right in one of the two frames: OpenCV's imread, Ultralytics and detectron2 apply the orientation; PIL's Image.open and raw pixel readers do not.${frame} ` +
      'Check the labels against the frame your loader uses, or re-save the image with the rotation applied.',
    data: { orientation: o, stored: [sw, sh], displayed: [W, H], ...(dw !== undefined ? { declared: [dw, dh] } : {}) },
  });
}

/** image/size-mismatch where the reader did not compare sizes (no readable header). */
export function sizeMismatch(img: ImageEntry, r: RecordMeta, file: string): Finding | undefined {
  const dw = img.declaredWidth;
  const dh = img.declaredHeight;
  if (img.sizeSource === 'file' || dw === undefined || dh === undefined || r.error || !r.width || !r.height) return undefined;
  const swap = r.orientation !== undefined && r.orientation >= 5 && r.orientation <= 8;
  const [sw, sh] = swap ? [r.height, r.width] : [r.width, r.height];
  if ((dw === r.width && dh === r.height) || (dw === sw && dh === sh)) return undefined;
  const rotated = dw === r.height && dh === r.width ? ' The sides are swapped: the image is probably rotated relative to the annotation.' : '';
  return finding({
    check: 'image/size-mismatch',
    severity: 'error',
    path: file,
    key: img.path,
    ...(file !== img.path ? { related: [img.path] } : {}),
    message: `${file} declares ${img.path} as ${dw}×${dh} px, but the image decodes as ${r.width}×${r.height} px; its boxes would be scaled wrong.${rotated}`,
    data: { declared: [dw, dh], actual: [r.width, r.height] },
  });
}
