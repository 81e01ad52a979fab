/**
 * A previous read of (a version of) the dataset, used as a per-file memo: a file whose git blob
 * SHA is the one it had then gives the same result, so its image header or label file is not read
 * again. A PR changes a few files; the rest of the head comes from the base's snapshot.
 *
 * Sizes: the header size of an image with the same path and SHA. YOLO labels: the boxes, state and
 * findings of a label file with the same path and SHA, when the class declaration (which decides
 * what is in range and how problems are worded) is the same too.
 */
import type { Finding } from '../findings.js';
import type { Box, Dataset, LabelState } from '../model.js';
import type { HeaderSize } from './image-size.js';

export interface PriorLabel {
  /** boxes in line order: the prior's own objects (their image is the prior's; a reader copies what it keeps) */
  boxes: readonly Box[];
  state: LabelState;
  findings: Finding[];
}

export interface PriorRead {
  size(rel: string, sha: string): HeaderSize | undefined;
  /** `context`: Dataset.labelContext of the current read */
  label(file: string, sha: string, context: string): PriorLabel | undefined;
  /** how many image sizes and label files it has given so far (the larger of the two) */
  served(): number;
}

/** Findings a label file's content produces (not read failures: those say nothing about content). */
const CONTENT_CHECKS = new Set(['label/parse', 'label/class-range']);

export function priorFrom(ds: Dataset, shas: ReadonlyMap<string, string>): PriorRead {
  let sizes: Map<string, HeaderSize> | undefined;
  let labels: Map<string, PriorLabel> | undefined;
  let sizesGiven = 0;
  let labelsGiven = 0;
  const buildLabels = () => {
    const m = new Map<string, PriorLabel>();
    // a label file two images claim (one image listed in two splits) was parsed twice: read it again
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const img of ds.images) {
      if (!img.labelPath) continue;
      if (seen.has(img.labelPath)) twice.add(img.labelPath);
      seen.add(img.labelPath);
      if (img.labelState !== 'unlabeled') m.set(img.labelPath, { boxes: [], state: img.labelState, findings: [] });
    }
    for (const f of twice) m.delete(f);
    // a file's boxes are consecutive (read in order): one lookup per file, not per box
    let file: string | undefined;
    let into: Box[] | undefined;
    for (const b of ds.boxes) {
      if (b.file !== file) into = m.get((file = b.file))?.boxes as Box[] | undefined;
      into?.push(b);
    }
    for (const f of ds.findings) {
      const e = f.path !== undefined ? m.get(f.path) : undefined;
      if (!e) continue;
      if (CONTENT_CHECKS.has(f.check) && f.key !== 'read') e.findings.push(f);
      else if (f.check.startsWith('label/')) m.delete(f.path!); // something else was said about it: read it again
    }
    return m;
  };
  return {
    size(rel, sha) {
      if (shas.get(rel) !== sha) return undefined;
      if (!sizes) {
        sizes = new Map();
        for (const img of ds.images) {
          if (img.sizeSource !== 'file' || !img.width || !img.height) continue;
          const s: HeaderSize = { width: img.width, height: img.height };
          if (img.orientation) s.orientation = img.orientation;
          sizes.set(img.path, s);
        }
      }
      const got = sizes.get(rel);
      if (got) sizesGiven++;
      return got;
    },
    label(file, sha, context) {
      if (ds.labelContext === undefined || ds.labelContext !== context || shas.get(file) !== sha) return undefined;
      labels ??= buildLabels();
      const got = labels.get(file);
      if (got) labelsGiven++;
      return got;
    },
    served: () => Math.max(sizesGiven, labelsGiven),
  };
}
