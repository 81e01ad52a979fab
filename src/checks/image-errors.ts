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
import { enabled } from './context.js';
import { listPaths } from './dup-describe.js';
import { exifFinding, sizeMismatch } from './image-frames.js';
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
