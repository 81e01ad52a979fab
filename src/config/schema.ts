/**
 * `.dataset-qc.yml`: the one config schema. Every threshold carries a severity:
 * `error` fails the gate, `warning` and `info` only report, `off` disables the check.
 */
import { z } from 'zod';

export const severityLevel = z.enum(['error', 'warning', 'info', 'off']);
export type SeverityLevel = z.infer<typeof severityLevel>;

const valueGate = (value: number, severity: SeverityLevel) =>
  z
    .object({ value: z.number().nonnegative().default(value), severity: severityLevel.default(severity) })
    .strict()
    .default({ value, severity });

export const thresholdsSchema = z
  .object({
    /** Ultralytics guidance: ≥ 10,000 instances per class */
    minInstancesPerClass: valueGate(10000, 'warning'),
    /** Ultralytics guidance: ≥ 1,500 images per class */
    minImagesPerClass: valueGate(1500, 'warning'),
    /** Ultralytics guidance: 0–10 % background images, per split */
    backgroundShare: z
      .object({
        min: z.number().min(0).max(1).default(0),
        max: z.number().min(0).max(1).default(0.1),
        severity: severityLevel.default('error'),
      })
      .strict()
      .default({ min: 0, max: 0.1, severity: 'error' }),
    /** largest/smallest instance count among used classes (Datumaro: 50) */
    maxImbalanceRatio: valueGate(50, 'warning'),
    boxSize: z
      .object({
        /** a box with width or height under this many pixels is tiny */
        minPixels: z.number().nonnegative().default(4),
        /** a box covering less than this fraction of the image area is tiny */
        minAreaFraction: z.number().min(0).max(1).default(0.0001),
        /** long side / short side above this is an extreme aspect ratio */
        maxAspectRatio: z.number().min(1).default(20),
        /** robust (modified) z-score of log area, per class */
        outlierZ: z.number().positive().default(3.5),
        severity: severityLevel.default('warning'),
      })
      .strict()
      .default({ minPixels: 4, minAreaFraction: 0.0001, maxAspectRatio: 20, outlierZ: 3.5, severity: 'warning' }),
    maxBoxesPerImage: valueGate(300, 'warning'),
    /** same class, IoU at or above: an object annotated twice */
    duplicateBoxIou: z.number().min(0).max(1).default(0.9),
    /** different classes, IoU at or above: conflicting labels */
    conflictingBoxIou: z.number().min(0).max(1).default(0.95),
    /** pairs of classes seen together in fewer images than this are "rare" */
    rareCooccurrence: z.number().int().nonnegative().default(1),
    /** modified z-score on objects-per-image of a class (the "skis" case) */
    objectCountOutlierZ: z.number().positive().default(3.5),
    /** Hamming radius for near-duplicate images (64-bit pHash) */
    nearDuplicateRadius: z.number().int().min(0).max(32).default(8),
    ...imageThresholds(),
  })
  .strict();

/** Thresholds of the checks on scanned images (src/checks/images.ts and its modules). */
function imageThresholds() {
  const sev = (s: SeverityLevel) => severityLevel.default(s);
  const obj = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();
  const duplicates = obj({
    /** also pair images whose rotation/flip-invariant pHash (min over the 8 rotations/flips) is within the radius */
    flips: z.boolean().default(true),
    /** duplicates inside one split (dup/exact, dup/pixel, dup/near) */
    severity: sev('warning'),
  });
  const leakage = obj({
    /** exact or near duplicates across splits (leak/duplicate) */
    duplicates: sev('error'),
    /** one group key (scene / camera / video) in more than one split (leak/group) */
    groups: sev('error'),
  });
  const duplicateLabels = obj({
    /** boxes of two copies of one pixel size (exact, pixel-identical, re-encoded, brightness-shifted, mirrored) match at IoU ≥ this */
    iou: z.number().min(0).max(1).default(0.95),
    /** near duplicates of different pixel sizes (resized or cropped: the hashes cannot tell which) match at IoU ≥ this */
    resizedIou: z.number().min(0).max(1).default(0.5),
    /**
     * near duplicates are compared only up to this pHash distance: further apart they are usually
     * different moments of one scene (burst shots, video), whose labels differ legitimately
     */
    maxDistance: z.number().int().min(0).max(32).default(4),
    /** dup/label-conflict */
    severity: sev('warning'),
    /** dup/static-frames: adjacent frames whose boxes all match at IoU ≥ iou */
    staticFrames: sev('warning'),
  });
  const outliers = obj({
    zscore: z.number().positive().default(3),
    modifiedZ: z.number().positive().default(3.5),
    iqr: z.number().positive().default(1.5),
    /** DataEval's adaptive double-MAD multiplier */
    adaptive: z.number().positive().default(3.5),
    /** an image is an outlier on a metric when at least this many of the 4 methods flag it */
    minMethods: z.number().int().min(1).max(4).default(3),
    /** also derive bounds within each class with at least minClassImages images */
    perClass: z.boolean().default(true),
    minClassImages: z.number().int().min(3).default(50),
    /** at most this many outlier findings (the most extreme first); the rest are counted in the stats */
    maxFindings: z.number().int().nonnegative().default(30),
    severity: sev('warning'),
  });
  const quality = obj({
    /** CleanVision's defaults: an issue when score < threshold */
    dark: z.number().min(0).max(1).default(0.32),
    light: z.number().min(0).max(1).default(0.05),
    lowInformation: z.number().min(0).max(1).default(0.3),
    blurry: z.number().min(0).max(1).default(0.29),
    oddAspectRatio: z.number().min(0).max(1).default(0.35),
    /** odd size: √(w·h) outside [Q1 − k·IQR, Q3 + k·IQR] (CleanVision: k = 3) */
    oddSizeIqr: z.number().positive().default(3),
    /** report grayscale images when they are a minority (< 50 %) of the dataset */
    grayscale: z.boolean().default(true),
    severity: sev('warning'),
  });
  const images = obj({
    /** unreadable images: corrupt, truncated, empty, not an image, unsupported, decompression bomb */
    unreadable: sev('error'),
    /** EXIF-rotated images that have boxes (which frame are the labels in?) */
    exifRotated: sev('warning'),
    /** 16-bit images (some loaders clip or mis-scale them) */
    highBitDepth: sev('warning'),
    /** CMYK, alpha channel, palette: loaders convert them, usually correctly */
    formatNotes: sev('info'),
  });
  return {
    duplicates: duplicates.default(duplicates.parse({})),
    leakage: leakage.default(leakage.parse({})),
    duplicateLabels: duplicateLabels.default(duplicateLabels.parse({})),
    outliers: outliers.default(outliers.parse({})),
    quality: quality.default(quality.parse({})),
    images: images.default(images.parse({})),
  };
}

export const waiverSchema = z
  .object({
    fingerprint: z.string().regex(/^[0-9a-f]{16}$/).optional(),
    path: z.string().min(1).optional(),
    check: z.string().min(1).optional(),
    reason: z.string().min(1),
  })
  .strict()
  .refine((w) => w.fingerprint || w.path || w.check, {
    message: 'a waiver needs a fingerprint, a path glob or a check id',
  });

export const configSchema = z
  .object({
    dataset: z
      .object({
        path: z.string().optional(),
        format: z.enum(['yolo', 'coco', 'voc']).optional(),
        /** map of split name → aliases, e.g. { val: [valid, validation] } */
        splits: z.record(z.string(), z.array(z.string())).optional(),
        /** first capture group of this regex on the image path is the group key */
        groupBy: z.string().optional(),
        /** CSV (image,group) or JSON ({image: group}) sidecar, relative to the dataset root */
        groupFile: z.string().optional(),
      })
      .strict()
      .default({}),
    thresholds: thresholdsSchema.default(thresholdsSchema.parse({})),
    /** per-check severity override, e.g. { "box/tiny": "off" } */
    severities: z.record(z.string(), severityLevel).default({}),
    waivers: z.array(waiverSchema).default([]),
  })
  .strict();

export type QcConfig = z.infer<typeof configSchema>;
export type Thresholds = QcConfig['thresholds'];
export type Waiver = z.infer<typeof waiverSchema>;

export const defaultConfig = (): QcConfig => configSchema.parse({});
