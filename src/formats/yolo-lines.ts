/**
 * One YOLO label file → boxes and line problems. The hot path of the YOLO reader: a plain scan
 * over lines, no per-line regex beyond the whitespace split.
 *
 * Lines: `class cx cy w h` (5 values) is a box. 4 or 6 values (a prediction with a confidence)
 * and other even counts are malformed. 7+ values with an even number of coordinates (odd count
 * overall) is a segmentation polygon, 9 values an oriented box: both are read as the bounding
 * box of their points. Coordinates are not clamped: out-of-range values are for the checks.
 * Ultralytics refuses a file with any bad line and drops its image: the messages say so.
 */
import type { Box } from '../model.js';

export interface LineIssue {
  kind: 'parse' | 'class-range';
  line: number;
  text: string;
  message: string;
}

export interface ParsedLabel {
  /** lines that were not blank */
  nonBlank: number;
  boxes: number;
  polygons: number;
  issues: LineIssue[];
}

/**
 * Append the boxes of `text` to `out`.
 * @param validClass true when the class id is declared (the caller knows the class table)
 */
export function parseYoloLabel(
  text: string,
  file: string,
  image: number,
  validClass: (id: number) => boolean,
  describeClasses: () => string,
  out: Box[],
): ParsedLabel {
  const res: ParsedLabel = { nonBlank: 0, boxes: 0, polygons: 0, issues: [] };
  const len = text.length;
  const ta = TOK_A;
  const tb = TOK_B;
  let pos = 0;
  let lineNo = 0;
  while (pos < len) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = len;
    lineNo++;
    // token boundaries (spaces, tabs, \r) without a regex or substrings
    let n = 0;
    let i = pos;
    while (i < end) {
      let c = text.charCodeAt(i);
      while (i < end && (c === 32 || c === 9 || c === 13 || c === 11 || c === 12)) c = text.charCodeAt(++i);
      if (i >= end) break;
      ta[n] = i;
      while (i < end && c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) c = text.charCodeAt(++i);
      tb[n++] = i;
    }
    const lineText = () => text.slice(ta[0]!, tb[n - 1]!);
    pos = end + 1;
    if (n === 0) continue;
    res.nonBlank++;
    if (n < 5 || n === 6 || (n > 6 && n % 2 === 0)) {
      const message =
        n < 5
          ? `Line ${lineNo} has ${n} value${n === 1 ? '' : 's'}; a YOLO label line needs 5 (class x_center y_center width height). ${SKIPPED}`
          : n === 6
            ? `Line ${lineNo} has 6 values: it looks like a prediction with a confidence score, but a training label has 5 (class x_center y_center width height). ${SKIPPED}`
            : `Line ${lineNo} has ${n - 1} coordinates after the class; a polygon needs an even number. ${SKIPPED}`;
      res.issues.push({ kind: 'parse', line: lineNo, text: lineText(), message });
      continue;
    }
    let badTok = -1;
    const nums = n === 5 ? FIVE : new Array<number>(n - 1);
    for (let k = 1; k < n; k++) {
      const v = parseNumber(text, ta[k]!, tb[k]!);
      if (!Number.isFinite(v)) {
        badTok = k;
        break;
      }
      nums[k - 1] = v;
    }
    if (badTok >= 0) {
      const t = text.slice(ta[badTok]!, tb[badTok]!);
      res.issues.push({ kind: 'parse', line: lineNo, text: lineText(), message: `Line ${lineNo} has "${t}" where a number is expected. ${SKIPPED}` });
      continue;
    }
    const cls = parseNumber(text, ta[0]!, tb[0]!);
    if (!Number.isInteger(cls) || !validClass(cls)) {
      const t = text.slice(ta[0]!, tb[0]!);
      res.issues.push({
        kind: 'class-range',
        line: lineNo,
        text: lineText(),
        message: Number.isInteger(cls)
          ? `Line ${lineNo} uses class ${cls}, which is not declared (${describeClasses()}). ${SKIPPED}`
          : `Line ${lineNo} starts with "${t}", which is not a class id (${describeClasses()}). ${Number.isNaN(cls) ? SKIPPED : 'The box was skipped.'}`,
      });
      continue;
    }
    if (n === 5) {
      const cx = nums[0]!, cy = nums[1]!, hw = nums[2]! / 2, hh = nums[3]! / 2;
      out.push({ image, classId: cls, x1: cx - hw, y1: cy - hh, x2: cx + hw, y2: cy + hh, file, line: lineNo });
    } else {
      let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
      for (let k = 0; k < nums.length; k += 2) {
        const x = nums[k]!, y = nums[k + 1]!;
        if (x < x1) x1 = x;
        if (x > x2) x2 = x;
        if (y < y1) y1 = y;
        if (y > y2) y2 = y;
      }
      out.push({ image, classId: cls, x1, y1, x2, y2, file, line: lineNo, fromPolygon: true });
      res.polygons++;
    }
    res.boxes++;
  }
  return res;
}

/** What happens to a bad line here and in training (Ultralytics' label check fails for the whole file). */
const SKIPPED = 'The line was skipped here; Ultralytics skips the whole image (all its boxes) as corrupt.';

const FIVE = new Array<number>(4).fill(0);
// token boundaries, grown on demand (plain arrays: a polygon line can be long)
const TOK_A: number[] = [];
const TOK_B: number[] = [];
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Number(text.slice(a, b)) without the substring for plain decimals ("0.482345", "-3", "12."):
 * digits gathered as an integer (< 2^53) and divided by an exact power of ten, which rounds the
 * same way as Number(). Anything else (exponents, nan, inf, hex, long mantissas) falls back.
 */
export function parseNumber(text: string, a: number, b: number): number {
  let i = a;
  let neg = false;
  let c = text.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    c = text.charCodeAt(++i);
  }
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  for (; i < b; c = text.charCodeAt(++i)) {
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      if (dot) frac++;
    } else if (c === 46 && !dot) dot = true;
    else return Number(text.slice(a, b));
  }
  if (digits === 0 || digits > 15 || frac > 22) return Number(text.slice(a, b));
  const v = frac ? mant / POW10[frac]! : mant;
  return neg ? -v : v;
}
