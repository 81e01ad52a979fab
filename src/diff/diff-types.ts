/** The version diff's shapes (dataset-diff.ts makes it; the report and the PR comment show it). */
import type { LabelState } from '../model.js';
import type { BoxChange } from './box-match.js';

export interface ImageRef {
  path: string;
  split: string;
}

export interface ImageMove {
  from: string;
  to: string;
  fromSplit: string;
  toSplit: string;
  /** how the two were matched */
  by: 'path' | 'content' | 'name';
  /** the bytes changed too (path or name matches only) */
  modified?: boolean;
}

export interface LabelChange {
  /** image path at head */
  path: string;
  /** image path at base, when it differs */
  basePath?: string;
  split: string;
  labelPath?: string;
  baseLabelPath?: string;
  /** label state at base and head, when it changed (e.g. unlabeled → background) */
  stateFrom?: LabelState;
  stateTo?: LabelState;
  added: number;
  removed: number;
  reclassified: number;
  moved: number;
  adjusted: number;
  /** per-box detail (may be cut short: see DatasetDiff.omittedBoxChanges) */
  boxes: BoxChange[];
}

export interface Counts {
  instances: number;
  images: number;
}

export interface ClassDelta {
  class: string;
  base: Counts;
  head: Counts;
  delta: Counts;
  /** per split, every split of either side */
  splits: Record<string, { base: Counts; head: Counts; delta: Counts }>;
}

export interface DiffSummary {
  baseImages: number;
  headImages: number;
  imagesAdded: number;
  imagesRemoved: number;
  imagesModified: number;
  imagesMoved: number;
  imagesRenamed: number;
  /** images present on both sides whose boxes or label state changed */
  imagesRelabeled: number;
  baseBoxes: number;
  headBoxes: number;
  boxesAdded: number;
  boxesRemoved: number;
  boxesReclassified: number;
  boxesMoved: number;
  boxesAdjusted: number;
  classesAdded: number;
  classesRemoved: number;
  /** anything at all changed */
  changed: boolean;
}

export interface DatasetDiff {
  version: 1;
  summary: DiffSummary;
  images: { added: ImageRef[]; removed: ImageRef[]; modified: ImageRef[]; moved: ImageMove[]; renamed: ImageMove[] };
  labels: LabelChange[];
  classes: ClassDelta[];
  /** declared class names new at head / gone from head */
  classesAdded: string[];
  classesRemoved: string[];
  /** same class id, different name */
  classesRenamed: { id: number; from: string; to: string }[];
  splits: { split: string; base: number; head: number; delta: number }[];
  /** dataset-relative files (images and label files) touched by the change, sorted */
  changedFiles: string[];
  /** box changes counted but not listed (over maxBoxChanges) */
  omittedBoxChanges?: number;
}
