/**
 * Spatial heatmap: per class, a 16×16 grid counting normalised box centres (row = y, column =
 * x), plus one grid over all classes. Centres outside the image are clamped to the border cell;
 * invalid boxes are left out. No findings: the report draws it.
 */
import type { CheckResult } from '../findings.js';
import type { LabelContext } from './context.js';

export const HEATMAP_SIZE = 16;

export interface HeatmapGrid {
  class: string;
  boxes: number;
  /** grid[row][col]: boxes whose centre falls in that cell; row 0 = top */
  grid: number[][];
}

export interface HeatmapStats {
  size: number;
  all: HeatmapGrid;
  classes: HeatmapGrid[];
}

export function heatmap(cx: LabelContext): CheckResult<HeatmapStats> {
  const { ds, indexOf, classNames } = cx;
  const G = HEATMAP_SIZE;
  const K = classNames.length;
  const cells = new Float64Array((K + 1) * G * G);
  const boxes = new Array<number>(K + 1).fill(0);
  for (const b of ds.boxes) {
    if (!(b.x2 > b.x1 && b.y2 > b.y1) || !Number.isFinite(b.x1 + b.x2 + b.y1 + b.y2)) continue;
    const k = indexOf(b.classId);
    const col = cell((b.x1 + b.x2) / 2, G);
    const row = cell((b.y1 + b.y2) / 2, G);
    cells[k * G * G + row * G + col]++;
    cells[K * G * G + row * G + col]++;
    boxes[k]!++;
    boxes[K]!++;
  }
  const grid = (k: number): number[][] => Array.from({ length: G }, (_, r) => Array.from(cells.subarray(k * G * G + r * G, k * G * G + (r + 1) * G)));
  const classes: HeatmapGrid[] = [];
  for (let k = 0; k < K; k++) if (boxes[k]) classes.push({ class: classNames[k]!, boxes: boxes[k]!, grid: grid(k) });
  return { id: 'heatmap', stats: { size: G, all: { class: '(all)', boxes: boxes[K]!, grid: grid(K) }, classes }, findings: [] };
}

function cell(v: number, g: number): number {
  return Math.min(g - 1, Math.max(0, Math.floor(v * g)));
}
