/**
 * CleanVision's image-property issues on the scan's scores (record.quality), with CleanVision's
 * default thresholds (an issue when score < threshold; thresholds.quality):
 *   quality/dark (99th-percentile brightness < 0.32), quality/light (5th percentile > 0.95),
 *   quality/low-information (entropy < 3 bits), quality/blurry (< 0.29),
 *   quality/odd-aspect-ratio (short/long side < 0.35), quality/grayscale, quality/odd-size.
 * Two deliberate differences, so that a homogeneous dataset is not flagged wholesale:
 *   - grayscale is reported only when grayscale images are a minority (< 50 %) of the dataset:
 *     in an X-ray or thermal dataset every image is grey and none is an issue;
 *   - odd size: √(w·h) outside [Q1 − k·IQR, Q3 + k·IQR] (k = 3, CleanVision's band), but the IQR
 *     is floored at 10 % of the median — when more than half the images share one size the IQR is
 *     0 and CleanVision's band would flag every image one pixel off.
 */
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import type { ImageEntry } from '../model.js';
import { enabled } from './context.js';
import type { ImageContext } from './images.js';
import { quantileSorted, sorted } from './robust.js';

export interface ImageQualityStats {
  scanned: number;
  /** issue → images flagged */
  issues: Record<string, number>;
  grayscaleShare: number;
  /** the odd-size band on √(w·h), px */
  sizeBand?: [number, number];
  thresholds: Record<string, number>;
}

export const ODD_SIZE_MIN_IQR = 0.1;

/** 32%, 9.2% */
const pct = (x: number) => `${(x * 100).toFixed(Math.abs(x) < 0.1 ? 1 : 0)}%`;

export function imageQuality(ix: ImageContext): CheckResult<ImageQualityStats> {
  const { ds, cfg } = ix.cx;
  const t = cfg.thresholds.quality;
  const sev = t.severity;
  const thresholds = { dark: t.dark, light: t.light, lowInformation: t.lowInformation, blurry: t.blurry, oddAspectRatio: t.oddAspectRatio, oddSizeIqr: t.oddSizeIqr };
  const st: ImageQualityStats = { scanned: 0, issues: {}, grayscaleShare: 0, thresholds };
  const recs = ix.records;
  const list: ImageEntry[] = [];
  let gray = 0;
  for (const img of ds.images) {
    const q = recs.usable(img.id) ? recs.quality(img.id) : undefined;
    if (!q) continue;
    list.push(img);
    if (q.grayscale) gray++;
  }
  st.scanned = list.length;
  const findings: Finding[] = [];
  if (!list.length || !enabled(sev)) return { id: 'image-quality', stats: st, findings };

  st.grayscaleShare = gray / list.length;
  const sizes = sorted(list.map((img) => Math.sqrt((recs.int('width', img.id) ?? 0) * (recs.int('height', img.id) ?? 0))).filter((x) => x > 0));
  let band: [number, number] | undefined;
  if (sizes.length >= 4) {
    const q1 = quantileSorted(sizes, 0.25);
    const q3 = quantileSorted(sizes, 0.75);
    const iqr = Math.max(q3 - q1, ODD_SIZE_MIN_IQR * quantileSorted(sizes, 0.5));
    band = [q1 - t.oddSizeIqr * iqr, q3 + t.oddSizeIqr * iqr];
    st.sizeBand = [Math.round(band[0] * 10) / 10, Math.round(band[1] * 10) / 10];
  }

  const add = (issue: string, img: ImageEntry, message: string, data: Record<string, unknown>) => {
    st.issues[issue] = (st.issues[issue] ?? 0) + 1;
    findings.push(finding({ check: `quality/${issue}`, severity: sev, path: img.path, key: '', message: `Image ${img.path} ${message}`, data }));
  };
  const f2 = (x: number) => x.toFixed(2);
  for (const img of list) {
    const r = recs.meta(img.id)!;
    const q = recs.quality(img.id)!;
    if (q.dark < t.dark)
      add('dark', img, `is very dark: even its brightest 1 % of pixels are at ${pct(q.dark)} brightness (CleanVision flags under ${pct(t.dark)}).`, { score: q.dark, threshold: t.dark });
    if (q.light < t.light)
      add('light', img, `is very bright or washed out: 95 % of its pixels are above ${pct(1 - q.light)} brightness (CleanVision flags above ${pct(1 - t.light)}).`, { score: q.light, threshold: t.light });
    if (q.lowInformation < t.lowInformation)
      add('low-information', img, `carries little information: its pixel entropy is ${(q.lowInformation * 10).toFixed(1)} bits (CleanVision flags under ${(t.lowInformation * 10).toFixed(1)}); it may be blank, a solid colour or nearly so.`, {
        score: q.lowInformation,
        threshold: t.lowInformation,
      });
    if (q.blurry < t.blurry)
      add('blurry', img, `looks blurry: blur score ${f2(q.blurry)} (edge strength and contrast; CleanVision flags under ${f2(t.blurry)}).`, { score: q.blurry, threshold: t.blurry });
    if (q.oddAspectRatio < t.oddAspectRatio && r.width && r.height)
      add('odd-aspect-ratio', img, `has an extreme aspect ratio: ${r.width}×${r.height} px (short/long side ${f2(q.oddAspectRatio)}; CleanVision flags under ${f2(t.oddAspectRatio)}).`, {
        score: q.oddAspectRatio,
        threshold: t.oddAspectRatio,
      });
    if (t.grayscale && q.grayscale && st.grayscaleShare < 0.5)
      add('grayscale', img, `is grayscale while ${pct(1 - st.grayscaleShare)} of the dataset is in colour; a model trained on colour may treat it differently (check it is not a failed conversion).`, {
        grayscaleShare: st.grayscaleShare,
      });
    if (band && r.width && r.height) {
      const s = Math.sqrt(r.width * r.height);
      if (s < band[0] || s > band[1])
        add('odd-size', img, `is ${s < band[0] ? 'much smaller' : 'much larger'} than the rest: ${r.width}×${r.height} px (√(w·h) = ${Math.round(s)}, typical ${Math.round(quantileSorted(sizes, 0.25))}–${Math.round(quantileSorted(sizes, 0.75))}, band ${Math.round(Math.max(0, band[0]))}–${Math.round(band[1])}).`, {
          size: Math.round(s * 10) / 10,
          band: st.sizeBand,
        });
    }
  }
  return { id: 'image-quality', stats: st, findings };
}
