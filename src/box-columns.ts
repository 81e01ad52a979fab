/**
 * Boxes column by column: what a dataset snapshot stores (dataset-cache.ts, as JSON arrays) and
 * what the checks worker gets (offload.ts, as transferred typed arrays). 35,000 small objects cost
 * ~30 ms to structured-clone on the main thread and up to 80 ms to rebuild on the worker (Node
 * 24, measured); their columns move in one copy-free transfer and rebuild in a few.
 */
import type { Box } from './model.js';

/** The columns of n boxes: typed arrays when packed, plain number arrays when read back from JSON. */
export interface BoxColumns<N = Float64Array, I = Int32Array, F = Uint16Array> {
  image: I;
  classId: N;
  x1: N;
  y1: N;
  x2: N;
  y2: N;
  /** index into files */
  file: I;
  files: string[];
  /** 0 when absent */
  line: I;
  /** line present 16; crowd, difficult, truncated, fromPolygon: value bit i, presence bit 5 + i */
  flags: F;
}

export type JsonBoxColumns = BoxColumns<number[], number[], number[]>;

const FLAGS = ['crowd', 'difficult', 'truncated', 'fromPolygon'] as const;
const NUMERIC = ['image', 'classId', 'x1', 'y1', 'x2', 'y2', 'file', 'line', 'flags'] as const;

export function packBoxes(boxes: readonly Box[]): BoxColumns {
  const n = boxes.length;
  const f64 = () => new Float64Array(n);
  const c: BoxColumns = { image: new Int32Array(n), classId: f64(), x1: f64(), y1: f64(), x2: f64(), y2: f64(), file: new Int32Array(n), files: [], line: new Int32Array(n), flags: new Uint16Array(n) };
  const fileIx = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const b = boxes[k]!;
    let f = fileIx.get(b.file);
    if (f === undefined) fileIx.set(b.file, (f = c.files.push(b.file) - 1));
    let flags = b.line !== undefined ? 16 : 0;
    for (let i = 0; i < FLAGS.length; i++) {
      const v = b[FLAGS[i]!];
      if (v !== undefined) flags |= ((v ? 1 : 0) << i) | (1 << (5 + i));
    }
    c.image[k] = b.image;
    c.classId[k] = b.classId;
    c.x1[k] = b.x1;
    c.y1[k] = b.y1;
    c.x2[k] = b.x2;
    c.y2[k] = b.y2;
    c.file[k] = f;
    c.line[k] = b.line ?? 0;
    c.flags[k] = flags;
  }
  return c;
}

/** The columns as plain arrays (a snapshot's JSON). */
export function columnsToJson(c: BoxColumns): JsonBoxColumns {
  const a = (k: (typeof NUMERIC)[number]) => Array.from(c[k]);
  return { image: a('image'), classId: a('classId'), x1: a('x1'), y1: a('y1'), x2: a('x2'), y2: a('y2'), file: a('file'), files: c.files, line: a('line'), flags: a('flags') };
}

/** The buffers to transfer with a message carrying these columns. */
export const columnBuffers = (c: BoxColumns): ArrayBuffer[] => NUMERIC.map((k) => c[k].buffer as ArrayBuffer);

type AnyColumns = BoxColumns<ArrayLike<number>, ArrayLike<number>, ArrayLike<number>>;

/** The boxes back, in the readers' object shape; undefined when the columns do not fit together. */
export function unpackBoxes(p: AnyColumns): Box[] | undefined {
  if (!p || typeof p !== 'object' || !Array.isArray(p.files)) return undefined;
  const n = p.image?.length;
  if (typeof n !== 'number' || NUMERIC.some((k) => !(Array.isArray(p[k]) || ArrayBuffer.isView(p[k])) || p[k].length !== n)) return undefined;
  const out: Box[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const flags = p.flags[k]!;
    const file = p.files[p.file[k]!];
    if (typeof file !== 'string') return undefined;
    // the readers' object shape (line right after file) where the box has a line
    const b: Box =
      flags & 16
        ? { image: p.image[k]!, classId: p.classId[k]!, x1: p.x1[k]!, y1: p.y1[k]!, x2: p.x2[k]!, y2: p.y2[k]!, file, line: p.line[k]! }
        : { image: p.image[k]!, classId: p.classId[k]!, x1: p.x1[k]!, y1: p.y1[k]!, x2: p.x2[k]!, y2: p.y2[k]!, file };
    if (flags & 0x1e0)
      for (let i = 0; i < FLAGS.length; i++) if (flags & (1 << (5 + i))) b[FLAGS[i]!] = (flags & (1 << i)) !== 0;
    out[k] = b;
  }
  return out;
}
