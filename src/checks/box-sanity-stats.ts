/** What the box-sanity check (box-sanity.ts) reports in its stats: counts and per-class box sizes. */

export interface BoxClassSize {
  name: string;
  boxes: number;
  /** medians over boxes whose image size is known */
  medianWidthPx?: number;
  medianHeightPx?: number;
  medianAreaFraction: number;
  p05AreaFraction: number;
  p95AreaFraction: number;
}

export interface BoxSanityStats {
  boxes: number;
  degenerate: number;
  outOfBounds: number;
  tiny: number;
  aspect: number;
  sizeOutliers: number;
  imagesWithTooMany: number;
  /** used classes, in class-table order */
  perClass: BoxClassSize[];
}
