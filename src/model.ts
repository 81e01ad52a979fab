/**
 * The dataset model every reader produces and every check consumes.
 *
 * Box coordinates are stored normalised to the image (0..1 when inside it), whatever the
 * source format, so that checks work the same on YOLO (normalised on disk) and COCO/VOC
 * (pixels on disk). Pixel coordinates are `box * image size` when the size is known; see
 * `boxPixels`.
 */
import type { Finding } from './findings.js';

export type DatasetFormat = 'yolo' | 'coco' | 'voc';

/** Where an annotation came from: a label file and (1-based) line, or a JSON/XML file. */
export interface SourceRef {
  file: string;
  line?: number;
}

export type LabelState =
  /** has at least one box */
  | 'labeled'
  /** an annotation exists and says "no objects": a deliberate background image */
  | 'background'
  /** no annotation at all for this image */
  | 'unlabeled';

export interface ImageEntry {
  /** index in Dataset.images */
  id: number;
  /** path relative to the dataset root, POSIX separators */
  path: string;
  split: string;
  /** size from the annotation file or from the image header, when known */
  width?: number;
  height?: number;
  /** EXIF orientation (2–8) read from the image header; width/height are then the displayed size */
  orientation?: number;
  /** where the size came from: 'annotation' (COCO/VOC) or 'file' (image header) */
  sizeSource?: 'annotation' | 'file';
  /** the size the annotation declares, when it declares one (COCO/VOC) */
  declaredWidth?: number;
  declaredHeight?: number;
  /** label file (YOLO txt / VOC xml / COCO json) relative to the root */
  labelPath?: string;
  labelState: LabelState;
  /** group key (scene / camera / day / video) */
  group?: string;
  /** false when an annotation refers to an image file that is not on disk */
  exists: boolean;
}

export interface Box {
  /** index into Dataset.images */
  image: number;
  classId: number;
  /** normalised corners: x1 < x2, y1 < y2 for a valid box (not enforced: checks report it) */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  file: string;
  line?: number;
  crowd?: boolean;
  difficult?: boolean;
  truncated?: boolean;
  /** the source was a polygon or an oriented box, read as its bounding box */
  fromPolygon?: boolean;
}

export interface ClassDef {
  id: number;
  name: string;
}

export interface Dataset {
  /** absolute path of the dataset root */
  root: string;
  format: DatasetFormat;
  /** the config/annotation file that described it (data.yaml, instances json …), relative */
  source?: string;
  classes: ClassDef[];
  /** split names in display order */
  splits: string[];
  images: ImageEntry[];
  boxes: Box[];
  /** label files that have no image */
  orphans: { path: string; split: string }[];
  /** findings produced while reading (malformed lines, unknown classes, unsafe paths …) */
  findings: Finding[];
  /** plain-language remarks about how the dataset was read */
  notes: string[];
  /** every file under the root the reader saw (the analysis cache keys on their content) */
  files?: string[];
  /** true when the result also depends on something outside those files (no analysis cache) */
  uncacheable?: boolean;
  /** every file the reader read (text, bytes or header) had a git blob SHA: content-keyed caches may hold it */
  readPinned?: boolean;
  /** what besides a label file's text decides its boxes and findings (formats/prior.ts) */
  labelContext?: string;
}

export function classNameMap(ds: Pick<Dataset, 'classes'>): Map<number, string> {
  return new Map(ds.classes.map((c) => [c.id, c.name]));
}

export function className(names: Map<number, string>, id: number): string {
  return names.get(id) ?? `#${id}`;
}

/** Pixel corners of a box, or undefined when the image size is unknown. */
export function boxPixels(
  b: Box,
  img: ImageEntry,
): { x1: number; y1: number; x2: number; y2: number; w: number; h: number } | undefined {
  if (!img.width || !img.height) return undefined;
  const x1 = b.x1 * img.width;
  const x2 = b.x2 * img.width;
  const y1 = b.y1 * img.height;
  const y2 = b.y2 * img.height;
  return { x1, y1, x2, y2, w: x2 - x1, h: y2 - y1 };
}

/** Boxes grouped by image index (built once per run, shared by checks). */
export function boxesByImage(ds: Pick<Dataset, 'images' | 'boxes'>): Box[][] {
  // one comparison asks for each side's grouping several times (diff, drift, checks): kept while
  // the dataset holds the same arrays of the same lengths (a read dataset is not changed after)
  const memo = byImageMemo.get(ds);
  if (memo && memo.images === ds.images && memo.boxes === ds.boxes && memo.nImages === ds.images.length && memo.nBoxes === ds.boxes.length) return memo.out;
  const out = groupBoxes(ds);
  byImageMemo.set(ds, { images: ds.images, boxes: ds.boxes, nImages: ds.images.length, nBoxes: ds.boxes.length, out });
  return out;
}

const byImageMemo = new WeakMap<object, { images: unknown[]; boxes: Box[]; nImages: number; nBoxes: number; out: Box[][] }>();

function groupBoxes(ds: Pick<Dataset, 'images' | 'boxes'>): Box[][] {
  // the readers emit boxes image by image: each image's boxes are one slice then
  const boxes = ds.boxes;
  const n = ds.images.length;
  let ordered = true;
  for (let k = 1; k < boxes.length && ordered; k++) ordered = boxes[k - 1]!.image <= boxes[k]!.image;
  if (ordered && (!boxes.length || (boxes[0]!.image >= 0 && boxes[boxes.length - 1]!.image < n))) {
    const out: Box[][] = new Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const from = k;
      while (k < boxes.length && boxes[k]!.image === i) k++;
      out[i] = from === k ? [] : boxes.slice(from, k);
    }
    if (k === boxes.length) return out; // (an image index that is not an integer falls through)
  }
  // arrays of their final length: one grown by push holds 17 slots for a single box
  const count = new Uint32Array(ds.images.length);
  const inRange = (b: Box) => b.image >= 0 && b.image < count.length && Number.isInteger(b.image);
  for (const b of ds.boxes) if (inRange(b)) count[b.image]!++;
  const out: Box[][] = Array.from(count, (c) => new Array<Box>(c));
  count.fill(0);
  for (const b of ds.boxes) if (inRange(b)) out[b.image]![count[b.image]!++] = b;
  return out;
}
