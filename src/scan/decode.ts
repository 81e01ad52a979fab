/**
 * One sharp decode per image: header, upright 8-bit pixels (sRGB or grey, alpha dropped), and
 * the classification of everything that can go wrong into an ImageErrorKind (decode-errors.ts).
 * Never throws.
 */
import { createHash } from 'node:crypto';
import type { Metadata, default as Sharp } from 'sharp';
import { readHeader, uprightSize, type ImageHeader } from './header.js';
import type { ImageErrorKind } from './types.js';
import type { ScanSettings } from './settings.js';
import { classifyDecodeError, classifyHeaderError, rawMessage } from './decode-errors.js';

let lib: typeof Sharp | undefined;

/**
 * sharp (and libvips), loaded on first use: a process whose workers decode never loads them
 * (~0.1 s). Rejects when sharp cannot load: callers await it outside their error classification,
 * so a broken install is an error of the run, never a "corrupt image".
 */
export async function sharpLib(): Promise<typeof Sharp> {
  if (!lib) {
    lib = (await import('sharp')).default;
    lib.cache(false);
  }
  return lib;
}

/**
 * The content hash of file bytes: the git blob SHA-1 (what `git hash-object` prints), so a file
 * hashed here and the same file listed by `git ls-tree` share one record-store key.
 */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

export interface DecodedImage {
  header: ImageHeader;
  /** upright pixels, 8 bits, interleaved, 1 (grey) or 3 (sRGB) channels, no alpha */
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
  /** false when a large JPEG/WebP was decoded with shrink-on-load (thumb mode only) */
  fullSize: boolean;
}

export type { ImageHeader };

export type DecodeOutcome =
  | { ok: true; image: DecodedImage }
  | { ok: false; error: { kind: ImageErrorKind; message: string }; header?: ImageHeader };

/** Formats sharp can render but a training pipeline cannot read as a photo. */
const VECTOR_FORMATS = new Set(['svg', 'pdf']);

/** In thumb mode, JPEG/WebP whose long side exceeds this many statistics copies are shrunk on load. */
const SHRINK_ON_LOAD_FACTOR = 4;

const BITS: Record<string, number> = { uchar: 8, char: 8, ushort: 16, short: 16, uint: 32, int: 32, float: 32, double: 64 };

export async function decodeImage(bytes: Buffer, settings: ScanSettings): Promise<DecodeOutcome> {
  if (bytes.length === 0) return fail('empty', 'the file is empty (0 bytes)');
  // JPEG and PNG headers are read in JS; other formats ask sharp (one more call, rare formats).
  let header = readHeader(bytes);
  if (!header) {
    try {
      header = headerOf(await (await sharpLib())(bytes, { limitInputPixels: false, failOn: 'none' }).metadata());
    } catch (e) {
      return fail(...classifyHeaderError(bytes, e));
    }
  }
  if (VECTOR_FORMATS.has(header.format)) {
    return { ok: false, error: { kind: 'unsupported', message: `${header.format.toUpperCase()} is a vector format, not a raster image` }, header };
  }
  const pixels = header.width * header.height;
  if (!(pixels > 0)) return { ok: false, error: { kind: 'corrupt', message: 'the image header declares no pixels' }, header };
  if (pixels > settings.limitInputPixels) {
    return {
      ok: false,
      error: {
        kind: 'bomb',
        message: `${header.width}×${header.height} is ${(pixels / 1e6).toFixed(1)} megapixels, over the limit of ${(settings.limitInputPixels / 1e6).toFixed(1)} (limitInputPixels); not decoded`,
      },
      header,
    };
  }
  try {
    return { ok: true, image: await decodePixels(bytes, header, settings, 'warning') };
  } catch (e) {
    // Decode again tolerating decoder warnings: a real error fails again and is classified;
    // benign warnings (a PNG's "known incorrect sRGB profile", JPEG extraneous bytes) pass.
    let image: DecodedImage;
    try {
      image = await decodePixels(bytes, header, settings, 'error');
    } catch (e2) {
      return { ok: false, error: classifyDecodeError(bytes, header.format, e2), header };
    }
    if (header.format === 'jpeg') {
      const lines = await jpegWarnings(bytes, header, settings, e);
      if (!lines.every((l) => BENIGN_JPEG.test(l))) {
        // libjpeg recovered, but the pixels after the damage are grey or garbled
        const text = lines.join('; ');
        return { ok: false, error: { kind: 'corrupt', message: `the JPEG data is damaged and decodes with visible damage: ${text}` }, header };
      }
    }
    return { ok: true, image };
  }
}

function headerOf(meta: Metadata): ImageHeader {
  const o = meta.orientation;
  const [width, height] = uprightSize(meta.width, meta.height, o);
  const h: ImageHeader = {
    format: String(meta.format),
    width,
    height,
    channels: meta.channels,
    bitDepth: meta.bitsPerSample && meta.isPalette ? meta.bitsPerSample : (BITS[meta.depth] ?? 8),
    hasAlpha: meta.hasAlpha,
    space: String(meta.space),
    palette: Boolean(meta.isPalette),
  };
  if (o !== undefined) h.orientation = o;
  return h;
}

async function decodePixels(bytes: Buffer, header: ImageHeader, settings: ScanSettings, failOn: 'warning' | 'error'): Promise<DecodedImage> {
  const colourBands = header.channels - (header.hasAlpha ? 1 : 0);
  const grey = colourBands === 1 && header.space !== 'cmyk';
  let img = (await sharpLib())(bytes, { failOn, limitInputPixels: settings.limitInputPixels, autoOrient: true, sequentialRead: true });
  const longSide = Math.max(header.width, header.height);
  const shrink =
    settings.statsResolution === 'thumb' &&
    (header.format === 'jpeg' || header.format === 'webp') &&
    longSide > SHRINK_ON_LOAD_FACTOR * settings.thumbSize;
  if (shrink) {
    const side = 2 * settings.thumbSize;
    img = img.resize(side, side, { fit: 'inside', kernel: 'linear', fastShrinkOnLoad: true });
  }
  if (header.hasAlpha) img = img.removeAlpha();
  img = img.toColourspace(grey ? 'b-w' : 'srgb');
  const { data, info } = await img.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 && info.channels !== 3) throw new Error(`unexpected ${info.channels} channels after conversion`);
  return {
    header,
    pixels: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: info.channels,
    fullSize: !shrink,
  };
}

function fail(kind: ImageErrorKind, message: string): DecodeOutcome {
  return { ok: false, error: { kind, message } };
}

/** libjpeg warnings that leave every pixel intact (padding between segments, odd but valid headers) */
const BENIGN_JPEG =
  /extraneous bytes before marker|invalid SOS parameters for sequential JPEG|inconsistent progression sequence|unknown Adobe color transform|unknown JFIF revision/i;

/**
 * The libjpeg warnings of a JPEG that failed with failOn 'warning'. libvips keeps one error buffer
 * for the whole process: when two images fail at the same moment (two decodes in flight, worker
 * threads), one message may carry both texts and the other only sharp's generic "treated as error".
 * Lines that are not libjpeg's are dropped and a decode that left none is asked again (three tries);
 * none at all counts as damage, the safe side. Another JPEG's lines can still be taken for ours
 * when both fail at once, which needs two warning JPEGs in flight together.
 */
async function jpegWarnings(bytes: Buffer, header: ImageHeader, settings: ScanSettings, first: unknown): Promise<string[]> {
  let err = first;
  for (let i = 0; ; i++) {
    const lines = rawMessage(err)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^VipsJpeg: /.test(l))
      .map((l) => l.slice('VipsJpeg: '.length));
    if (lines.length > 0) return [...new Set(lines)];
    if (i === 3) return ['a warning whose text was lost'];
    try {
      await decodePixels(bytes, header, settings, 'warning');
      return []; // passed this time: the earlier failure was another image's
    } catch (e) {
      err = e;
    }
  }
}
