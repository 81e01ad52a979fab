/**
 * The settings that change what a per-image record holds. Their digest is part of every record
 * store key, so changing one (or the record format, or the decoder) never reuses an old record.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/** Bump when the record's content or meaning changes (fields, formulas, hash algorithms). */
export const RECORD_VERSION = 1;

export interface ScanSettings {
  /** images with more pixels than this are reported as a decompression bomb, not decoded */
  limitInputPixels: number;
  /** 'thumb': statistics on a copy whose long side is ≤ thumbSize (default); 'full': on every pixel */
  statsResolution: 'thumb' | 'full';
  /** long side of the statistics copy when statsResolution is 'thumb' (160: see record.ts) */
  thumbSize: number;
}

export const DEFAULT_SCAN_SETTINGS: Readonly<ScanSettings> = Object.freeze({
  limitInputPixels: 100_000_000,
  statsResolution: 'thumb',
  thumbSize: 160,
});

export function resolveSettings(partial: Partial<ScanSettings> = {}): ScanSettings {
  const s: ScanSettings = { ...DEFAULT_SCAN_SETTINGS };
  if (partial.limitInputPixels !== undefined) s.limitInputPixels = Math.max(1, Math.floor(partial.limitInputPixels));
  if (partial.statsResolution !== undefined) s.statsResolution = partial.statsResolution;
  if (partial.thumbSize !== undefined) s.thumbSize = Math.max(32, Math.floor(partial.thumbSize));
  return s;
}

/**
 * Short hex digest of everything that affects a record: the record version, the settings and the
 * decoder versions (a libvips upgrade may decode a JPEG to slightly different pixels).
 */
export function settingsDigest(settings: ScanSettings): string {
  const canonical = JSON.stringify({
    v: RECORD_VERSION,
    limitInputPixels: settings.limitInputPixels,
    statsResolution: settings.statsResolution,
    thumbSize: settings.statsResolution === 'thumb' ? settings.thumbSize : 0,
    ...decoderVersions(),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

let versions: { vips: string; jpeg: string; png: string } | undefined;

/**
 * libvips, mozjpeg and libpng versions, as sharp.versions gives them. sharp reads them from the
 * versions file of its prebuilt libvips package; so do we, next to the sharp we would load, so
 * that a process that decodes nothing (its workers do) never loads sharp and libvips (~0.1 s).
 * Without the prebuilt packages (a libvips of the system), sharp itself is asked.
 */
export function decoderVersions(): { vips: string; jpeg: string; png: string } {
  if (versions) return versions;
  const req = createRequire(import.meta.url);
  let v: Record<string, string | undefined>;
  try {
    const fromSharp = createRequire(req.resolve('sharp'));
    const plat = `${process.platform}-${process.arch}`;
    fromSharp.resolve(`@img/sharp-${plat}/package`); // the prebuilt binding is the one sharp loads
    v = fromSharp(`@img/sharp-libvips-${plat}/versions`) as Record<string, string | undefined>;
    if (!v.vips) throw new Error('no vips version');
  } catch {
    v = (req('sharp') as { versions: Record<string, string | undefined> }).versions;
  }
  return (versions = { vips: v.vips ?? '', jpeg: v.mozjpeg ?? '', png: v.png ?? '' });
}
