/**
 * The column layout of the record table (record-table.ts): which ImageRecord fields go into
 * which typed column, the presence bits of each row's mask, and which records fit the columns at
 * all (the others are kept whole).
 */
import type { ImageRecord } from './types.js';

/** a record without its content hash, pixel statistics, quality scores and perceptual/pixel hashes */
export type RecordMeta = Omit<ImageRecord, 'hash' | 'stats' | 'quality' | 'pixelHash' | (typeof HASHES)[number]>;

export const INTS = ['v', 'width', 'height', 'channels', 'bitDepth', 'orientation'] as const;
export const HASHES = ['phash', 'phashD4', 'dhash', 'dhashD4'] as const;
export const BOOLS = ['hasAlpha', 'palette', 'lowVariance'] as const;
export const STAT_KEYS = ['mean', 'std', 'var', 'skew', 'kurtosis', 'entropy', 'zeros', 'brightness', 'darkness', 'contrast', 'sharpness'] as const;
export const QUALITY_KEYS = ['dark', 'light', 'lowInformation', 'blurry', 'oddAspectRatio'] as const;
export type HashField = (typeof HASHES)[number];
export type StatKey = (typeof STAT_KEYS)[number];
export type QualityKey = (typeof QUALITY_KEYS)[number];

/** column of each field (the accessors run millions of times at scale: no indexOf) */
const at = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k, i) => [k, i])) as Record<K, number>;
export const INT_AT = at(INTS);
export const HASH_AT = at(HASHES);
export const STAT_AT = at(STAT_KEYS);

const TOP = new Set<string>(['hash', 'bytes', 'format', 'space', 'pixelHash', 'stats', 'quality', ...INTS, ...HASHES, ...BOOLS]);
const STATS = new Set<string>([...STAT_KEYS, 'channelMean', 'channelStd']);
const QUALITY = new Set<string>([...QUALITY_KEYS, 'grayscale']);
export const MAX_CH = 4;
const HEX16 = /^[0-9a-f]{16}$/;
// presence bits: INTS 0-5, HASHES 6-9, BOOLS 10-12 (value bits 16-18), format 13, space 14, pixelHash 15, stats 19, quality 20, grayscale 21
export const BOOL_VALUE = 16;
export type Ctor = abstract new (...args: never[]) => unknown;

/** whether a record fits the columns (`words`: the table's format and space names so far) */
export function fitsColumns(r: ImageRecord, words: readonly string[]): boolean {
  if (r.error || typeof r.hash !== 'string' || typeof r.bytes !== 'number') return false;
  for (const k of Object.keys(r)) if (!TOP.has(k)) return false;
  for (const w of [r.format, r.space]) if (w !== undefined && (typeof w !== 'string' || (words.length > 250 && !words.includes(w)))) return false;
  for (const k of INTS) {
    const v = r[k];
    if (v !== undefined && (typeof v !== 'number' || (v | 0) !== v || Object.is(v, -0))) return false;
  }
  for (const k of HASHES) if (r[k] !== undefined && !HEX16.test(r[k]!)) return false;
  for (const k of BOOLS) if (r[k] !== undefined && typeof r[k] !== 'boolean') return false;
  if (r.stats) {
    const s = r.stats;
    if (!Object.keys(s).every((k) => STATS.has(k)) || !STAT_KEYS.every((k) => typeof s[k] === 'number')) return false;
    if (!Array.isArray(s.channelMean) || !Array.isArray(s.channelStd) || s.channelMean.length > MAX_CH || s.channelStd.length !== s.channelMean.length) return false;
  }
  if (r.quality) {
    const q = r.quality;
    if (!Object.keys(q).every((k) => QUALITY.has(k)) || !QUALITY_KEYS.every((k) => typeof q[k] === 'number') || typeof q.grayscale !== 'boolean') return false;
  }
  return true;
}

export const hex = (x: number) => x.toString(16).padStart(8, '0');
