/**
 * The per-image record: one sharp decode, then everything else in JavaScript on those pixels.
 *
 * Where the statistics are computed — decided by measurement on this 2-core machine (640×480
 * JPEG q90, other jobs running, so only ratios within one run count):
 *   - A sharp call costs ~5 ms here, of which the JPEG decode is a small part. Asking sharp for a
 *     ≤256 px copy (resize with shrink-on-load) was SLOWER than a plain full decode (229–242 vs
 *     313–323 img/s, same run); a ≤160 copy cost the same as the full decode (260–289 vs 264–342).
 *     So 640×480-class images are decoded once at full size and the statistics copy is taken
 *     from that buffer in JS. JPEG/WebP whose long side exceeds 4× thumbSize ARE shrunk on load
 *     (1024×768: 4.7 vs 5.5–6.7 ms; 4000×3000: 14 vs 54 ms per image).
 *   - JS costs ~2.4 ns per pixel-channel step here, so per-image JS work decides throughput.
 *     Statistics on every pixel (statsResolution 'full') cost ~25 ms per 640×480 image, five
 *     times the decode; on a ≤256 px copy ~3 ms (cold scan 51–60 % of the raw decode loop); on a
 *     ≤160 px copy ~1.9 ms (cold scan 85–104 % of it with worker threads). Default: ≤160 px.
 *   - A second sharp call per image (metadata) cost ~25 % of throughput: JPEG/PNG headers are
 *     read in JS (header.ts).
 * The statistics copy is point-sampled (each pixel taken at its block's centre): an unbiased
 * sample of the image's pixel values, so DataEval's distribution statistics and CleanVision's
 * percentiles estimate the full-resolution values; sharpness is then measured at the copy's
 * scale (as every statistic in DataEval is on whatever array it is given). The 32×32 grey
 * thumbnail for the perceptual hashes and CleanVision's ≤64 px blur image are area averages of
 * that copy. pixelHash covers every decoded pixel (CRC-32 of the full buffer + SHA-256 of the
 * copy and size); for a JPEG shrunk on load it covers the reduced decode, which still matches
 * metadata-only copies because DCT-domain shrinking depends only on the coded data.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { decodeImage, sharpLib } from './decode.js';
import { perceptualHashes } from './phash.js';
import { channelHistograms, pixelStats } from './pixel-stats.js';
import { boxResize, channelsEqual, sampleResize, toLuma } from './resample.js';
import { qualityScores } from './quality.js';
import { RECORD_VERSION, type ScanSettings } from './settings.js';
import type { ImageRecord } from './types.js';

export const PHASH_SIDE = 32;

export async function computeRecord(bytes: Buffer, hash: string, settings: ScanSettings): Promise<ImageRecord> {
  const rec: ImageRecord = { v: RECORD_VERSION, hash, bytes: bytes.length };
  let out;
  await sharpLib(); // a failure to load the decoder is not a property of this image
  try {
    out = await decodeImage(bytes, settings);
  } catch (e) {
    // decodeImage classifies every decoder error; this is a last resort.
    rec.error = { kind: 'corrupt', message: `decoding failed: ${(e as Error).message}` };
    return rec;
  }
  const header = out.ok ? out.image.header : out.header;
  if (header) {
    rec.format = header.format;
    rec.width = header.width;
    rec.height = header.height;
    rec.channels = header.channels;
    rec.bitDepth = header.bitDepth;
    if (header.orientation !== undefined) rec.orientation = header.orientation;
    rec.hasAlpha = header.hasAlpha;
    rec.space = header.space;
    rec.palette = header.palette;
  }
  if (!out.ok) {
    rec.error = out.error;
    return rec;
  }
  try {
    analysePixels(rec, out.image, settings);
  } catch (e) {
    delete rec.stats;
    rec.error = { kind: 'corrupt', message: `the decoded pixels could not be analysed: ${(e as Error).message}` };
  }
  return rec;
}

function analysePixels(rec: ImageRecord, img: import('./decode.js').DecodedImage, settings: ScanSettings): void {
  const { pixels, width: w, height: h, channels: c } = img;
  const grayscale = c === 1 || channelsEqual(pixels, c);

  // the statistics copy
  let px = pixels;
  let sw = w;
  let sh = h;
  const long = Math.max(w, h);
  if (settings.statsResolution === 'thumb' && long > settings.thumbSize) {
    const s = settings.thumbSize / long;
    sw = Math.max(1, Math.round(w * s));
    sh = Math.max(1, Math.round(h * s));
    px = sampleResize(pixels, w, h, c, sw, sh);
  }
  // pixelHash: every pixel enters through CRC-32 of the full buffer (2× cheaper than SHA-256
  // over 0.9 MB); the sampled copy and the size go through SHA-256, so two different images
  // collide only if their samples are equal AND their CRCs collide (2^-32).
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(pixels));
  rec.pixelHash = createHash('sha256')
    .update(`${w}x${h}x${c}${img.fullSize ? '' : ':shrunk'}\n`)
    .update(crc)
    .update(px)
    .digest('hex')
    .slice(0, 32);
  const hist = channelHistograms(px, c);
  rec.stats = pixelStats(px, sw, sh, c, hist);
  rec.quality = qualityScores({ px, w: sw, h: sh, c, hist, width: rec.width ?? w, height: rec.height ?? h, grayscale });

  const gray32 = toLuma(boxResize(px, sw, sh, c, PHASH_SIDE, PHASH_SIDE), PHASH_SIDE * PHASH_SIDE, c);
  const ph = perceptualHashes(gray32);
  rec.phash = ph.phash;
  rec.phashD4 = ph.phashD4;
  rec.dhash = ph.dhash;
  rec.dhashD4 = ph.dhashD4;
  rec.lowVariance = ph.lowVariance;
}
