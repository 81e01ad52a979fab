/**
 * Image width/height from the file header (no decode), as the image is shown: an EXIF
 * orientation of 5–8 (a quarter turn) swaps the stored sides, the way OpenCV, PIL's
 * exif_transpose and Ultralytics load it. The orientation is returned too, so a check can tell
 * an annotation that declares the stored frame from one that declares the displayed frame.
 */
import { imageSize as sizeOf } from 'image-size';
import { uprightSize } from '../scan/header.js';

export interface HeaderSize {
  /** displayed (upright) size */
  width: number;
  height: number;
  /** EXIF orientation when present and not 1 */
  orientation?: number;
}

/** Size from image bytes (a header prefix is enough for most files); undefined when not an image. */
export function sizeFromBytes(bytes: Uint8Array): HeaderSize | undefined {
  try {
    const r = sizeOf(bytes);
    if (!r.width || !r.height) return undefined;
    const o = r.orientation;
    const [width, height] = uprightSize(r.width, r.height, o);
    return o !== undefined && o >= 2 && o <= 8 ? { width, height, orientation: o } : { width, height };
  } catch {
    return undefined;
  }
}
