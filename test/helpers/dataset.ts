/**
 * Hand-built Dataset objects for check tests. Boxes are given as normalised corners
 * (`box`) or pixel corners (`px`, needs the image size); each box gets the image's YOLO-style
 * label file (images/… → labels/….txt) and line = its position + 1 + lineOffset unless set.
 */
import { configSchema, type QcConfig } from '../../src/config/schema.js';
import type { Box, ClassDef, Dataset, DatasetFormat, ImageEntry, LabelState } from '../../src/model.js';

export interface BoxSpec {
  cls: string | number;
  /** normalised x1, y1, x2, y2 */
  box?: [number, number, number, number];
  /** pixel x1, y1, x2, y2 (image width/height required) */
  px?: [number, number, number, number];
  line?: number;
  file?: string;
  crowd?: boolean;
}

export interface ImageSpec {
  path: string;
  split?: string;
  width?: number;
  height?: number;
  sizeSource?: 'annotation' | 'file';
  declaredWidth?: number;
  declaredHeight?: number;
  /** default: labeled when boxes are given, else background */
  state?: LabelState;
  boxes?: BoxSpec[];
  /** default: YOLO-style path; null = none */
  labelPath?: string | null;
  /** lines added above the first box (blank or comment lines) */
  lineOffset?: number;
  exists?: boolean;
}

export interface DatasetSpec {
  classes: (string | ClassDef)[];
  splits?: string[];
  images: ImageSpec[];
  orphans?: { path: string; split: string }[];
  source?: string;
  format?: DatasetFormat;
}

export function yoloLabelPath(imagePath: string): string {
  return imagePath.replace(/(^|\/)images\//, '$1labels/').replace(/\.[^./]+$/, '.txt');
}

export function makeDataset(spec: DatasetSpec): Dataset {
  const classes: ClassDef[] = spec.classes.map((c, i) => (typeof c === 'string' ? { id: i, name: c } : c));
  const idOf = (cls: string | number) => {
    if (typeof cls === 'number') return cls;
    const c = classes.find((x) => x.name === cls);
    if (!c) throw new Error(`unknown class ${cls}`);
    return c.id;
  };
  const images: ImageEntry[] = [];
  const boxes: Box[] = [];
  spec.images.forEach((s, id) => {
    const labelPath = s.labelPath === null ? undefined : (s.labelPath ?? yoloLabelPath(s.path));
    const img: ImageEntry = {
      id,
      path: s.path,
      split: s.split ?? 'train',
      labelState: s.state ?? (s.boxes?.length ? 'labeled' : 'background'),
      exists: s.exists ?? true,
    };
    if (labelPath !== undefined && img.labelState !== 'unlabeled') img.labelPath = labelPath;
    if (s.width !== undefined) img.width = s.width;
    if (s.height !== undefined) img.height = s.height;
    if (s.width !== undefined) img.sizeSource = s.sizeSource ?? 'file';
    if (s.declaredWidth !== undefined) img.declaredWidth = s.declaredWidth;
    if (s.declaredHeight !== undefined) img.declaredHeight = s.declaredHeight;
    images.push(img);
    (s.boxes ?? []).forEach((b, j) => {
      let c = b.box;
      if (b.px) {
        if (!s.width || !s.height) throw new Error('px boxes need the image size');
        c = [b.px[0] / s.width, b.px[1] / s.height, b.px[2] / s.width, b.px[3] / s.height];
      }
      if (!c) throw new Error('box or px required');
      const box: Box = { image: id, classId: idOf(b.cls), x1: c[0], y1: c[1], x2: c[2], y2: c[3], file: b.file ?? labelPath ?? s.path, line: b.line ?? j + 1 + (s.lineOffset ?? 0) };
      if (b.crowd) box.crowd = true;
      boxes.push(box);
    });
  });
  const splits = spec.splits ?? [...new Set(images.map((i) => i.split))];
  return {
    root: '/data/ds',
    format: spec.format ?? 'yolo',
    ...(spec.source !== undefined ? { source: spec.source } : {}),
    classes,
    splits,
    images,
    boxes,
    orphans: spec.orphans ?? [],
    findings: [],
    notes: [],
  };
}

/** A config with threshold overrides (everything else default). */
export function makeConfig(thresholds: Record<string, unknown> = {}): QcConfig {
  return configSchema.parse({ thresholds });
}

/** A YOLO-style box: centre x, centre y, width, height (normalised). */
export function yolo(cls: string | number, cx: number, cy: number, w: number, h: number, extra: Partial<BoxSpec> = {}): BoxSpec {
  return { cls, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], ...extra };
}

/** Relaxed config: class minimums at 1 so small test sets are "clean". */
export function relaxedConfig(thresholds: Record<string, unknown> = {}): QcConfig {
  return makeConfig({ minInstancesPerClass: { value: 1 }, minImagesPerClass: { value: 1 }, ...thresholds });
}
