/**
 * Image files that cannot be used as they are, from the scan records:
 *   - image/<kind> (corrupt, truncated, empty, not-image, unsupported, bomb): the scan could not
 *     decode the file — error by default (thresholds.images.unreadable);
 *   - image/exif-rotated: an EXIF orientation other than 1 on an image that has boxes. The record's
 *     size is the upright (display) size; the stored pixels are rotated/mirrored. Loaders disagree
 *     (OpenCV's imread, Ultralytics, detectron2 apply the orientation; PIL's Image.open and many
 *     raw-pixel pipelines do not), so labels drawn in one frame land wrong in the other. When
 *     the annotation declares a size, it tells which frame the labels were made in;
 *   - image/16-bit (warning): 16-bit samples, which PIL-based loaders may clip or mis-scale;
 *   - image/cmyk, image/alpha, image/palette (info): loaders convert them, usually correctly;
 *   - image/size-mismatch: the decoded size matches neither frame of the size the annotation
 *     declares — only where the reader could not compare it itself (files.ts does so whenever it
 *     read the image header), with the same path and key so the fingerprint is the same.
 * Notes (exif/16-bit/cmyk/alpha/palette) on more than NOTE_LIMIT images become one finding per
 * kind that counts them and names examples, so a dataset of RGBA PNGs does not flood the report.
 */
import type { CheckResult, Finding, Severity } from '../findings.js';
import { finding } from '../findings.js';
import type { ImageEntry } from '../model.js';
import type { RecordMeta } from '../scan/record-table.js';
import { enabled } from './context.js';
import { listPaths } from './dup-describe.js';
import type { ImageContext } from './images.js';
import { num } from './robust.js';

export interface ImageErrorStats {
  scanned: number;
  /** error kind → images */
  errors: Record<string, number>;
  exifRotated: number;
  highBitDepth: number;
  cmyk: number;
  alpha: number;
  palette: number;
  sizeMismatch: number;
}

export const NOTE_LIMIT = 20;

const ERROR_TEXT: Record<string, string> = {
  corrupt: 'is corrupt and cannot be decoded',
  truncated: 'is truncated (the file ends before the image data does)',
  empty: 'is an empty file (0 bytes)',
  'not-image': 'is not an image file',
  unsupported: 'is in a format the scanner (and most training loaders) cannot decode',
  bomb: 'has more pixels than the decompression-bomb limit and was not decoded',
  'lfs-pointer': 'is a Git LFS pointer whose content was not fetched',
};

const ORIENTATION_TEXT: Record<number, string> = {
  2: 'mirrored horizontally',
  3: 'rotated 180°',
  4: 'mirrored vertically',
  5: 'mirrored and rotated 90° (transposed)',
  6: 'rotated 90° clockwise',
  7: 'mirrored and rotated 90° counter-clockwise (transversed)',
  8: 'rotated 90° counter-clockwise',
};

export function imageErrors(ix: ImageContext): CheckResult<ImageErrorStats> {
  const { ds, cfg, byImage } = ix.cx;
  const t = cfg.thresholds.images;
  const st: ImageErrorStats = { scanned: 0, errors: {}, exifRotated: 0, highBitDepth: 0, cmyk: 0, alpha: 0, palette: 0, sizeMismatch: 0 };
  const findings: Finding[] = [];
  const notes = new Map<string, { severity: Severity; list: Finding[]; summary: (n: number, paths: string[]) => string }>();
  const note = (kind: string, severity: 'error' | 'warning' | 'info' | 'off', f: () => Finding, summary: (n: number, paths: string[]) => string) => {
    if (!enabled(severity)) return;
    let n = notes.get(kind);
    if (!n) notes.set(kind, (n = { severity, list: [], summary }));
    n.list.push(f());
  };

  for (const img of ds.images) {
    const r = ix.records.meta(img.id);
    if (!r) continue;
    st.scanned++;
    if (r.error) {
      st.errors[r.error.kind] = (st.errors[r.error.kind] ?? 0) + 1;
      if (enabled(t.unreadable)) {
        findings.push(
          finding({
            check: `image/${r.error.kind}`,
            severity: t.unreadable,
            path: img.path,
            key: '',
            message: `Image ${img.path} ${ERROR_TEXT[r.error.kind] ?? 'cannot be decoded'}: ${r.error.message}. Training loaders will fail or skip it; replace or remove it${img.labelPath ? ` (and its labels in ${img.labelPath})` : ''}.`,
            data: { kind: r.error.kind, bytes: r.bytes, ...(r.format ? { format: r.format } : {}) },
          }),
        );
      }
    }
    const boxes = byImage[img.id]?.length ?? 0;
    const o = r.orientation;
    if (o !== undefined && o >= 2 && o <= 8 && boxes > 0) {
      st.exifRotated++;
      note('exif-rotated', t.exifRotated, () => exifFinding(img, r, o, boxes, t.exifRotated as Severity), (n, ps) =>
        `${num(n)} labeled images carry an EXIF orientation other than 1 (e.g. ${listPaths(ps, 5)}): loaders that apply it (OpenCV, Ultralytics, detectron2) and those that do not (plain PIL, raw pixel readers) see different frames, so check that the labels were drawn in the frame your loader uses, or bake the rotation into the pixels.`,
      );
    }
    if (r.bitDepth !== undefined && r.bitDepth > 8) {
      st.highBitDepth++;
      note('16-bit', t.highBitDepth, () => simpleNote('image/16-bit', t.highBitDepth as Severity, img, `Image ${img.path} has ${r.bitDepth}-bit samples. OpenCV's default imread reduces them to 8 bits, while PIL opens 16-bit greyscale as mode I;16, which convert('RGB') clips to white; check what your loader does or convert the file to 8 bits.`), (n, ps) =>
        `${num(n)} images have more than 8 bits per sample (e.g. ${listPaths(ps, 5)}). OpenCV's default imread reduces them to 8 bits, while PIL's convert('RGB') clips 16-bit greyscale to white; check what your loader does or convert them to 8 bits.`,
      );
    }
    if (r.space === 'cmyk') {
      st.cmyk++;
      note('cmyk', t.formatNotes, () => simpleNote('image/cmyk', t.formatNotes as Severity, img, `Image ${img.path} is stored as CMYK. Most loaders convert it to RGB, but colours can come out inverted or shifted (Adobe CMYK JPEGs); an RGB copy is safer.`), (n, ps) =>
        `${num(n)} images are stored as CMYK (e.g. ${listPaths(ps, 5)}); loaders convert them to RGB, sometimes with wrong colours.`,
      );
    }
    if (r.hasAlpha) {
      st.alpha++;
      note('alpha', t.formatNotes, () => simpleNote('image/alpha', t.formatNotes as Severity, img, `Image ${img.path} has an alpha channel. Loaders drop it; transparent areas then show whatever colour is stored under them (often black).`), (n, ps) =>
        `${num(n)} images have an alpha channel (e.g. ${listPaths(ps, 5)}); loaders drop it and transparent areas show the colour stored under them.`,
      );
    }
    if (r.palette) {
      st.palette++;
      note('palette', t.formatNotes, () => simpleNote('image/palette', t.formatNotes as Severity, img, `Image ${img.path} uses a colour palette. It is expanded to RGB on load; fine unless your pipeline reads the raw palette indices.`), (n, ps) =>
        `${num(n)} images use a colour palette (e.g. ${listPaths(ps, 5)}); they are expanded to RGB on load.`,
      );
    }
    const mm = sizeMismatch(img, r, ix.cx.labelFileOf(img));
    if (mm) {
      st.sizeMismatch++;
      findings.push(mm);
    }
  }

  for (const [kind, n] of notes) {
    if (n.list.length <= NOTE_LIMIT) {
      findings.push(...n.list);
      continue;
    }
    const paths = n.list.map((f) => f.path!);
    findings.push(
      finding({
        check: n.list[0]!.check,
        severity: n.severity,
        path: paths[0]!,
        key: `*${kind}`,
        related: paths.slice(1, 100),
        message: n.summary(paths.length, paths),
        data: { images: paths.length },
      }),
    );
  }
  return { id: 'image-errors', stats: st, findings };
}

function simpleNote(check: string, severity: Severity, img: ImageEntry, message: string): Finding {
  return finding({ check, severity, path: img.path, key: '', message });
}

function exifFinding(img: ImageEntry, r: RecordMeta, o: number, boxes: number, severity: Severity): Finding {
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
function sizeMismatch(img: ImageEntry, r: RecordMeta, file: string): Finding | undefined {
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
