import { createRequire as __dqcCreateRequire } from 'node:module'; const require = __dqcCreateRequire(import.meta.url);

// src/scan/serve.ts
import { readFileSync } from "node:fs";
import { isMainThread, parentPort, workerData } from "node:worker_threads";

// src/scan/decode.ts
import { createHash } from "node:crypto";

// src/scan/header.ts
function readHeader(b) {
  try {
    if (b[0] === 255 && b[1] === 216) return jpegHeader(b);
    if (b.length > 33 && b[0] === 137 && b.toString("latin1", 1, 4) === "PNG") return pngHeader(b);
  } catch {
  }
  return void 0;
}
function uprightSize(w, h, orientation) {
  return orientation !== void 0 && orientation >= 5 && orientation <= 8 ? [h, w] : [w, h];
}
function jpegHeader(b) {
  let pos = 2;
  let orientation;
  while (pos + 4 <= b.length) {
    if (b[pos] !== 255) return void 0;
    const m = b[pos + 1];
    if (m === 255) {
      pos++;
      continue;
    }
    if (m === 1 || m >= 208 && m <= 215) {
      pos += 2;
      continue;
    }
    const len = b.readUInt16BE(pos + 2);
    const seg = pos + 4;
    if (m === 225 && b.toString("latin1", seg, seg + 6) === "Exif\0\0") orientation = exifOrientation(b, seg + 6, pos + 2 + len);
    const isSof = m >= 192 && m <= 207 && m !== 196 && m !== 200 && m !== 204;
    if (isSof) {
      const precision = b[seg];
      const height = b.readUInt16BE(seg + 1);
      const width = b.readUInt16BE(seg + 3);
      const comps = b[seg + 5];
      if (!width || !height || !comps) return void 0;
      const [w, h] = uprightSize(width, height, orientation);
      const hdr = {
        format: "jpeg",
        width: w,
        height: h,
        channels: comps,
        bitDepth: precision,
        hasAlpha: false,
        space: comps === 1 ? "b-w" : comps === 4 ? "cmyk" : "srgb",
        palette: false
      };
      if (orientation !== void 0) hdr.orientation = orientation;
      return hdr;
    }
    if (m === 218) return void 0;
    pos += 2 + len;
  }
  return void 0;
}
function exifOrientation(b, tiff, end) {
  const le = b.toString("latin1", tiff, tiff + 2) === "II";
  const u16 = (o) => le ? b.readUInt16LE(o) : b.readUInt16BE(o);
  const u32 = (o) => le ? b.readUInt32LE(o) : b.readUInt32BE(o);
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return void 0;
  const n = u16(ifd);
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > end) return void 0;
    if (u16(e) === 274) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : void 0;
    }
  }
  return void 0;
}
function pngHeader(b) {
  if (b.toString("latin1", 12, 16) !== "IHDR") return void 0;
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const depth = b[24];
  const type = b[25];
  const base = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 }[type];
  if (!width || !height || base === void 0) return void 0;
  let trns = false;
  for (let pos = 8; pos + 8 <= b.length; ) {
    const len = b.readUInt32BE(pos);
    const kind = b.toString("latin1", pos + 4, pos + 8);
    if (kind === "IDAT" || kind === "IEND") break;
    if (kind === "tRNS") trns = true;
    pos += 12 + len;
  }
  const hasAlpha = type === 4 || type === 6 || trns;
  const grey = type === 0 || type === 4;
  return {
    format: "png",
    width,
    height,
    channels: base + (trns && (type === 0 || type === 2 || type === 3) ? 1 : 0),
    bitDepth: depth,
    hasAlpha,
    space: grey ? depth === 16 ? "grey16" : "b-w" : depth === 16 ? "rgb16" : "srgb",
    palette: type === 3
  };
}
function sniffFormat(b) {
  const s = (o, str) => str.split("").every((c, i) => b[o + i] === c.charCodeAt(0));
  if (b[0] === 255 && b[1] === 216) return "jpeg";
  if (b[0] === 137 && s(1, "PNG")) return "png";
  if (s(0, "GIF8")) return "gif";
  if (s(0, "RIFF") && s(8, "WEBP")) return "webp";
  if (s(0, "II") && b[2] === 42 || s(0, "MM") && b[3] === 42) return "tiff";
  if (s(0, "BM")) return "bmp";
  if (s(0, "8BPS")) return "psd";
  if (b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0) return "ico";
  if (s(4, "ftyp")) return "heif";
  if (b[0] === 255 && b[1] === 10 || s(4, "JXL ")) return "jxl";
  if (s(0, "\0\0\0\fjP  ") || b[0] === 255 && b[1] === 79 && b[2] === 255 && b[3] === 81) return "jp2";
  return void 0;
}

// src/scan/decode-errors.ts
var rawMessage = (e) => e instanceof Error ? e.message : String(e);
function errMessage(e) {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").trim();
}
function classifyHeaderError(bytes, e) {
  const msg = errMessage(e);
  if (/pixel limit/i.test(msg)) return ["bomb", `more pixels than limitInputPixels allows (${msg})`];
  const known = sniffFormat(bytes);
  if (/unsupported image format/i.test(msg)) {
    if (known && known !== "jpeg" && known !== "png") return ["unsupported", `${known.toUpperCase()} images are not supported by the decoder`];
    if (known) return ["corrupt", `the file starts like a ${known.toUpperCase()} but its header is unreadable (${msg})`];
    return ["not-image", looksLikeText(bytes) ? "the file is text, not an image" : "the bytes are not a known image format"];
  }
  if (known) return ["corrupt", `the ${known.toUpperCase()} header is unreadable: ${msg}`];
  return ["not-image", msg];
}
function classifyDecodeError(bytes, format, e) {
  const msg = errMessage(e);
  if (/pixel limit/i.test(msg)) return { kind: "bomb", message: `more pixels than limitInputPixels allows (${msg})` };
  if (format === "jpeg") {
    if (!endsWith(bytes, [255, 217])) return { kind: "truncated", message: `the JPEG data ends early (no end-of-image marker): ${msg}` };
  } else if (format === "png") {
    if (!hasPngEnd(bytes)) return { kind: "truncated", message: `the PNG stops before its end marker (IEND): ${msg}` };
  } else if (/premature end|truncated|unexpected end|end of file|not enough data/i.test(msg)) {
    return { kind: "truncated", message: `the image data ends early: ${msg}` };
  }
  return { kind: "corrupt", message: `the ${format.toUpperCase()} data is damaged: ${msg}` };
}
function endsWith(bytes, tail) {
  const from = Math.max(0, bytes.length - 64);
  for (let i = bytes.length - tail.length; i >= from; i--) {
    if (tail.every((b, k) => bytes[i + k] === b)) return true;
  }
  return false;
}
function hasPngEnd(bytes) {
  return bytes.subarray(Math.max(0, bytes.length - 64)).includes("IEND");
}
function looksLikeText(b) {
  const n = Math.min(b.length, 512);
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 9 || c === 10 || c === 13 || c >= 32 && c < 127 || c >= 128) printable++;
    else if (c === 0) return false;
  }
  return n > 0 && printable / n > 0.95;
}

// src/scan/decode.ts
var lib;
async function sharpLib() {
  if (!lib) {
    lib = (await import("sharp")).default;
    lib.cache(false);
  }
  return lib;
}
function contentHash(bytes) {
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}
var VECTOR_FORMATS = /* @__PURE__ */ new Set(["svg", "pdf"]);
var SHRINK_ON_LOAD_FACTOR = 4;
var BITS = { uchar: 8, char: 8, ushort: 16, short: 16, uint: 32, int: 32, float: 32, double: 64 };
async function decodeImage(bytes, settings) {
  if (bytes.length === 0) return fail("empty", "the file is empty (0 bytes)");
  let header = readHeader(bytes);
  if (!header) {
    try {
      header = headerOf(await (await sharpLib())(bytes, { limitInputPixels: false, failOn: "none" }).metadata());
    } catch (e) {
      return fail(...classifyHeaderError(bytes, e));
    }
  }
  if (VECTOR_FORMATS.has(header.format)) {
    return { ok: false, error: { kind: "unsupported", message: `${header.format.toUpperCase()} is a vector format, not a raster image` }, header };
  }
  const pixels = header.width * header.height;
  if (!(pixels > 0)) return { ok: false, error: { kind: "corrupt", message: "the image header declares no pixels" }, header };
  if (pixels > settings.limitInputPixels) {
    return {
      ok: false,
      error: {
        kind: "bomb",
        message: `${header.width}\xD7${header.height} is ${(pixels / 1e6).toFixed(1)} megapixels, over the limit of ${(settings.limitInputPixels / 1e6).toFixed(1)} (limitInputPixels); not decoded`
      },
      header
    };
  }
  try {
    return { ok: true, image: await decodePixels(bytes, header, settings, "warning") };
  } catch (e) {
    let image;
    try {
      image = await decodePixels(bytes, header, settings, "error");
    } catch (e2) {
      return { ok: false, error: classifyDecodeError(bytes, header.format, e2), header };
    }
    if (header.format === "jpeg") {
      const lines = await jpegWarnings(bytes, header, settings, e);
      if (!lines.every((l) => BENIGN_JPEG.test(l))) {
        const text = lines.join("; ");
        return { ok: false, error: { kind: "corrupt", message: `the JPEG data is damaged and decodes with visible damage: ${text}` }, header };
      }
    }
    return { ok: true, image };
  }
}
function headerOf(meta) {
  const o = meta.orientation;
  const [width, height] = uprightSize(meta.width, meta.height, o);
  const h = {
    format: String(meta.format),
    width,
    height,
    channels: meta.channels,
    bitDepth: meta.bitsPerSample && meta.isPalette ? meta.bitsPerSample : BITS[meta.depth] ?? 8,
    hasAlpha: meta.hasAlpha,
    space: String(meta.space),
    palette: Boolean(meta.isPalette)
  };
  if (o !== void 0) h.orientation = o;
  return h;
}
async function decodePixels(bytes, header, settings, failOn) {
  const colourBands = header.channels - (header.hasAlpha ? 1 : 0);
  const grey = colourBands === 1 && header.space !== "cmyk";
  let img = (await sharpLib())(bytes, { failOn, limitInputPixels: settings.limitInputPixels, autoOrient: true, sequentialRead: true });
  const longSide = Math.max(header.width, header.height);
  const shrink = settings.statsResolution === "thumb" && (header.format === "jpeg" || header.format === "webp") && longSide > SHRINK_ON_LOAD_FACTOR * settings.thumbSize;
  if (shrink) {
    const side = 2 * settings.thumbSize;
    img = img.resize(side, side, { fit: "inside", kernel: "linear", fastShrinkOnLoad: true });
  }
  if (header.hasAlpha) img = img.removeAlpha();
  img = img.toColourspace(grey ? "b-w" : "srgb");
  const { data, info } = await img.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 && info.channels !== 3) throw new Error(`unexpected ${info.channels} channels after conversion`);
  return {
    header,
    pixels: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: info.channels,
    fullSize: !shrink
  };
}
function fail(kind, message) {
  return { ok: false, error: { kind, message } };
}
var BENIGN_JPEG = /extraneous bytes before marker|invalid SOS parameters for sequential JPEG|inconsistent progression sequence|unknown Adobe color transform|unknown JFIF revision/i;
async function jpegWarnings(bytes, header, settings, first) {
  let err = first;
  for (let i = 0; ; i++) {
    const lines = rawMessage(err).split("\n").map((l) => l.trim()).filter((l) => /^VipsJpeg: /.test(l)).map((l) => l.slice("VipsJpeg: ".length));
    if (lines.length > 0) return [...new Set(lines)];
    if (i === 3) return ["a warning whose text was lost"];
    try {
      await decodePixels(bytes, header, settings, "warning");
      return [];
    } catch (e) {
      err = e;
    }
  }
}

// src/scan/lanes.ts
var SCAN_WORKER_FLAG = "--dataset-qc-scan-worker";

// src/scan/lfs.ts
var MAX_POINTER = 1024;
var VERSION = "version https://git-lfs.github.com/spec/v1\n";
function lfsPointer(bytes) {
  if (bytes.byteLength > MAX_POINTER || bytes.byteLength < VERSION.length) return void 0;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (!text.startsWith(VERSION)) return void 0;
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d+)$/m.exec(text)?.[1];
  return oid && size !== void 0 ? { oid, size: Number(size) } : void 0;
}
function pointerMessage(p) {
  return `the file is a Git LFS pointer (object ${p.oid.slice(0, 12)}\u2026, ${p.size} bytes), not the image: its content was not fetched`;
}

// src/scan/record.ts
import { createHash as createHash2 } from "node:crypto";
import { crc32 } from "node:zlib";

// src/scan/phash-dct.ts
var HASH_SIDE = 32;
var N = HASH_SIDE;
var K = 8;
var COS = (() => {
  const t = new Float64Array(K * N);
  for (let u = 0; u < K; u++) {
    for (let x = 0; x < N / 2; x++) {
      const c = Math.cos(Math.PI * (2 * x + 1) * u / (2 * N));
      const q = Math.sign(c) * Math.round(Math.abs(c) * 4096);
      t[u * N + x] = q;
      t[u * N + (N - 1 - x)] = u % 2 === 0 ? q : -q;
    }
  }
  return t;
})();
function dct8x8(gray32) {
  if (gray32.length !== N * N) throw new RangeError(`expected a ${N}\xD7${N} thumbnail (${N * N} bytes), got ${gray32.length}`);
  const rows = new Float64Array(N * K);
  for (let y = 0; y < N; y++) {
    const r = y * N;
    for (let u = 0; u < K; u++) {
      let s = 0;
      const c = u * N;
      for (let x = 0; x < N; x++) s += gray32[r + x] * COS[c + x];
      rows[y * K + u] = s;
    }
  }
  const d = new Float64Array(K * K);
  for (let v = 0; v < K; v++) {
    const c = v * N;
    for (let u = 0; u < K; u++) {
      let s = 0;
      for (let y = 0; y < N; y++) s += COS[c + y] * rows[y * K + u];
      d[v * K + u] = s;
    }
  }
  return d;
}

// src/scan/phash.ts
var N2 = HASH_SIDE;
var K2 = 8;
var LOW_VARIANCE_STD = 3;
var D4_ALL = [false, true].flatMap((t) => [false, true].flatMap((h) => [false, true].map((v) => ({ t, h, v }))));
var IDENTITY = { t: false, h: false, v: false };
function packBits(bit) {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) hi = (hi << 1 | (bit(i) ? 1 : 0)) >>> 0;
  for (let i = 32; i < 64; i++) lo = (lo << 1 | (bit(i) ? 1 : 0)) >>> 0;
  return [hi, lo];
}
function toHex(hi, lo) {
  return (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");
}
function phashOf(d, g) {
  const c = new Float64Array(K2 * K2);
  for (let v = 0; v < K2; v++) {
    for (let u = 0; u < K2; u++) {
      let x = g.t ? d[u * K2 + v] : d[v * K2 + u];
      if (g.h && u % 2 === 1) x = -x;
      if (g.v && v % 2 === 1) x = -x;
      c[v * K2 + u] = x;
    }
  }
  const ac = c.slice(1).sort();
  const median = ac[ac.length - 1 >> 1];
  return packBits((i) => c[i] > median);
}
function transformThumb(gray32, g) {
  const out = new Uint8Array(N2 * N2);
  for (let y = 0; y < N2; y++) {
    for (let x = 0; x < N2; x++) {
      let sx = g.h ? N2 - 1 - x : x;
      let sy = g.v ? N2 - 1 - y : y;
      if (g.t) [sx, sy] = [sy, sx];
      out[y * N2 + x] = gray32[sy * N2 + sx];
    }
  }
  return out;
}
var W9 = (() => {
  const w = new Float64Array(9 * N2);
  const step = N2 / 9;
  for (let j = 0; j < 9; j++) {
    const a = j * step;
    const b = (j + 1) * step;
    for (let x = 0; x < N2; x++) w[j * N2 + x] = Math.max(0, Math.min(b, x + 1) - Math.max(a, x));
  }
  return w;
})();
function dhashOf(img) {
  const cells = new Float64Array(8 * 9);
  for (let r = 0; r < 8; r++) {
    const col = new Float64Array(N2);
    for (let y = r * 4; y < r * 4 + 4; y++) for (let x = 0; x < N2; x++) col[x] += img[y * N2 + x];
    for (let j = 0; j < 9; j++) {
      let s = 0;
      for (let x = 0; x < N2; x++) s += W9[j * N2 + x] * col[x];
      cells[r * 9 + j] = Math.round(s * 1e6);
    }
  }
  return packBits((i) => {
    const r = i >> 3;
    const j = i & 7;
    return cells[r * 9 + j + 1] > cells[r * 9 + j];
  });
}
function thumbStd(gray32) {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < gray32.length; i++) {
    const v = gray32[i];
    s += v;
    s2 += v * v;
  }
  const n = gray32.length;
  const mean = s / n;
  return Math.sqrt(Math.max(0, s2 / n - mean * mean));
}
function canonicalD4(d) {
  const t = Math.abs(d[K2]) > Math.abs(d[1]);
  const c01 = t ? d[K2] : d[1];
  const c10 = t ? d[1] : d[K2];
  return { t, h: c01 < 0, v: c10 < 0 };
}
function perceptualHashes(gray32) {
  const d = dct8x8(gray32);
  const p0 = phashOf(d, IDENTITY);
  const d0 = dhashOf(gray32);
  const g = canonicalD4(d);
  const identity = !g.t && !g.h && !g.v;
  const p4 = identity ? p0 : phashOf(d, g);
  const d4 = identity ? d0 : dhashOf(transformThumb(gray32, g));
  return {
    phash: toHex(p0[0], p0[1]),
    phashD4: toHex(p4[0], p4[1]),
    dhash: toHex(d0[0], d0[1]),
    dhashD4: toHex(d4[0], d4[1]),
    lowVariance: thumbStd(gray32) < LOW_VARIANCE_STD
  };
}

// src/scan/pixel-stats.ts
var EPSILON = 1e-10;
function channelHistograms(px, channels) {
  const hist = new Uint32Array(256 * channels);
  const n = px.length;
  if (channels === 3) {
    for (let i = 0; i < n; i += 3) {
      hist[px[i]]++;
      hist[256 + px[i + 1]]++;
      hist[512 + px[i + 2]]++;
    }
  } else if (channels === 1) {
    for (let i = 0; i < n; i++) hist[px[i]]++;
  } else {
    for (let i = 0; i < n; i++) hist[i % channels * 256 + px[i]]++;
  }
  return hist;
}
function momentsOf(hist, from, bins, stride, channels) {
  let n = 0;
  let sum = 0;
  for (let v = 0; v < bins; v++) {
    let c = 0;
    for (let k = 0; k < channels; k++) c += hist[from + k * stride + v];
    n += c;
    sum += c * v;
  }
  const mean = n ? sum / n : 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let v = 0; v < bins; v++) {
    let c = 0;
    for (let k = 0; k < channels; k++) c += hist[from + k * stride + v];
    if (!c) continue;
    const d = v - mean;
    const d2 = d * d;
    m2 += c * d2;
    m3 += c * d2 * d;
    m4 += c * d2 * d2;
  }
  return n ? { n, mean, m2: m2 / n, m3: m3 / n, m4: m4 / n } : { n, mean, m2: 0, m3: 0, m4: 0 };
}
function histPercentiles(hist, qs) {
  let n = 0;
  for (let v = 0; v < 256; v++) n += hist[v];
  if (!n) return qs.map(() => NaN);
  const orderStat = (k) => {
    let cum = 0;
    for (let v = 0; v < 256; v++) {
      cum += hist[v];
      if (cum > k) return v;
    }
    return 255;
  };
  return qs.map((q) => {
    const pos = q / 100 * (n - 1);
    const lo = Math.floor(pos);
    const a = orderStat(lo);
    const b = pos > lo ? orderStat(lo + 1) : a;
    return a + (b - a) * (pos - lo);
  });
}
function totalHistogram(hist, channels) {
  const out = new Uint32Array(256);
  for (let k = 0; k < channels; k++) for (let v = 0; v < 256; v++) out[v] += hist[k * 256 + v];
  return out;
}
function sharpness(px, w, h, channels) {
  if (w < 1 || h < 1) return NaN;
  const pw = w + 2;
  const p = new Int32Array(pw * (h + 2));
  for (let y = 0; y < h; y++) {
    const row = (y + 1) * pw + 1;
    if (channels === 3) for (let x = 0, o = y * w * 3; x < w; x++, o += 3) p[row + x] = px[o] + px[o + 1] + px[o + 2];
    else if (channels === 1) for (let x = 0, o = y * w; x < w; x++, o++) p[row + x] = px[o];
    else
      for (let x = 0, o = y * w * channels; x < w; x++, o += channels) {
        let s = 0;
        for (let k = 0; k < channels; k++) s += px[o + k];
        p[row + x] = s;
      }
    p[row - 1] = p[row];
    p[row + w] = p[row + w - 1];
  }
  p.copyWithin(0, pw, 2 * pw);
  p.copyWithin((h + 1) * pw, h * pw, (h + 1) * pw);
  const inv = 1 / channels;
  let sum = 0;
  let sum2 = 0;
  for (let y = 1; y <= h; y++) {
    let i = y * pw + 1;
    let colA = p[i - pw - 1] + p[i - 1] + p[i + pw - 1];
    let colB = p[i - pw] + p[i] + p[i + pw];
    for (let x = 0; x < w; x++, i++) {
      const colC = p[i - pw + 1] + p[i + 1] + p[i + pw + 1];
      let e = (9 * p[i] - colA - colB - colC) * inv + 0.5;
      if (e < 0) e = 0;
      else if (e > 255) e = 255;
      sum += e;
      sum2 += e * e;
      colA = colB;
      colB = colC;
    }
  }
  const n = w * h;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sum2 / n - mean * mean));
}
function pixelStats(px, w, h, channels, hist = channelHistograms(px, channels)) {
  const all = momentsOf(hist, 0, 256, 256, channels);
  const scale = 255;
  const m2 = all.m2;
  const total = totalHistogram(hist, channels);
  let entropy = 0;
  for (let v = 0; v < 256; v++) {
    const c = total[v];
    if (c) {
      const p = c / all.n;
      entropy -= p * Math.log(p);
    }
  }
  const q = histPercentiles(total, [0, 25, 50, 75, 100]).map((v) => v / scale);
  const qMean = q.reduce((a, b) => a + b, 0) / q.length;
  const channelMean = [];
  const channelStd = [];
  for (let k = 0; k < channels; k++) {
    const m = momentsOf(hist, k * 256, 256, 256, 1);
    channelMean.push(m.mean / scale);
    channelStd.push(Math.sqrt(m.m2) / scale);
  }
  return {
    mean: all.mean / scale,
    std: Math.sqrt(m2) / scale,
    var: m2 / (scale * scale),
    skew: m2 > 0 ? all.m3 / Math.pow(m2, 1.5) : 0,
    kurtosis: m2 > 0 ? all.m4 / (m2 * m2) - 3 : 0,
    entropy,
    zeros: all.n ? total[0] / all.n : 0,
    brightness: q[1],
    darkness: q[3],
    contrast: (Math.max(...q) - Math.min(...q)) / (qMean + EPSILON),
    sharpness: sharpness(px, w, h, channels),
    channelMean,
    channelStd
  };
}

// src/scan/resample.ts
function boxResize(src, w, h, c, tw, th) {
  const out = new Uint8Array(tw * th * c);
  if (tw === w && th === h) {
    out.set(src.subarray(0, out.length));
    return out;
  }
  const x0 = new Int32Array(tw + 1);
  for (let x = 0; x <= tw; x++) x0[x] = Math.floor(x * w / tw);
  const acc = new Uint32Array(tw * c);
  const rowStride = w * c;
  for (let ty = 0; ty < th; ty++) {
    const ya = Math.floor(ty * h / th);
    const yb = Math.max(ya + 1, Math.floor((ty + 1) * h / th));
    acc.fill(0);
    for (let y = ya; y < yb; y++) {
      const row = y * rowStride;
      for (let tx = 0; tx < tw; tx++) {
        const xa = x0[tx];
        const xb = Math.max(xa + 1, x0[tx + 1]);
        const a = tx * c;
        if (c === 3) {
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          for (let i = row + xa * 3, e = row + xb * 3; i < e; i += 3) {
            s0 += src[i];
            s1 += src[i + 1];
            s2 += src[i + 2];
          }
          acc[a] += s0;
          acc[a + 1] += s1;
          acc[a + 2] += s2;
        } else {
          for (let k = 0; k < c; k++) {
            let s = 0;
            for (let i = row + xa * c + k, e = row + xb * c; i < e; i += c) s += src[i];
            acc[a + k] += s;
          }
        }
      }
    }
    const o = ty * tw * c;
    const rows = yb - ya;
    for (let tx = 0; tx < tw; tx++) {
      const xa = x0[tx];
      const count = rows * (Math.max(xa + 1, x0[tx + 1]) - xa);
      const half = count >>> 1;
      for (let k = 0; k < c; k++) out[o + tx * c + k] = Math.floor((acc[tx * c + k] + half) / count);
    }
  }
  return out;
}
function sampleResize(src, w, h, c, tw, th) {
  const out = new Uint8Array(tw * th * c);
  const xs = new Int32Array(tw);
  for (let x = 0; x < tw; x++) xs[x] = Math.min(w - 1, Math.floor((x + 0.5) * w / tw)) * c;
  let o = 0;
  for (let y = 0; y < th; y++) {
    const row = Math.min(h - 1, Math.floor((y + 0.5) * h / th)) * w * c;
    if (c === 3)
      for (let x = 0; x < tw; x++, o += 3) {
        const i = row + xs[x];
        out[o] = src[i];
        out[o + 1] = src[i + 1];
        out[o + 2] = src[i + 2];
      }
    else for (let x = 0; x < tw; x++) for (let k = 0; k < c; k++) out[o++] = src[row + xs[x] + k];
  }
  return out;
}
function toLuma(src, pixels, c) {
  if (c === 1) return src.slice(0, pixels);
  const out = new Uint8Array(pixels);
  for (let i = 0, o = 0; i < pixels; i++, o += c) {
    out[i] = src[o] * 19595 + src[o + 1] * 38470 + src[o + 2] * 7471 + 32768 >>> 16;
  }
  return out;
}
function channelsEqual(px, c) {
  if (c === 1) return true;
  for (let i = 0; i < px.length; i += c) {
    const r = px[i];
    if (px[i + 1] !== r || px[i + 2] !== r) return false;
  }
  return true;
}

// src/scan/quality.ts
var CLEANVISION_THRESHOLDS = Object.freeze({
  dark: 0.32,
  light: 0.05,
  lowInformation: 0.3,
  blurry: 0.29,
  oddAspectRatio: 0.35,
  oddSize: 0.5
});
var BLURRY_MAX_RESOLUTION = 64;
var NORMALIZING_FACTOR = 0.01;
var COLOR_THRESHOLD = 0.18;
function qualityScores(q) {
  const [p5, p99] = brightnessPercentiles(q.px, q.w * q.h, q.c, [5, 99]);
  return {
    dark: Math.min(1, p99),
    light: 1 - Math.min(1, p5),
    lowInformation: Math.min(1, 0.1 * pilEntropy(q.hist)),
    blurry: blurryScore(q),
    oddAspectRatio: q.width > 0 && q.height > 0 ? Math.min(q.width / q.height, q.height / q.width) : 0,
    grayscale: q.grayscale
  };
}
function brightnessPercentiles(px, n, c, qs) {
  if (n === 0) return qs.map(() => NaN);
  const keys = new Int32Array(n);
  const SHIFT = 16;
  const counts = new Int32Array(1024);
  if (c === 1)
    for (let i = 0; i < n; i++) {
      const k = px[i] * px[i] * 1e3;
      keys[i] = k;
      counts[k >>> SHIFT]++;
    }
  else
    for (let i = 0, o = 0; i < n; i++, o += c) {
      const r = px[o];
      const g = px[o + 1];
      const b = px[o + 2];
      const k = 241 * r * r + 691 * g * g + 68 * b * b;
      keys[i] = k;
      counts[k >>> SHIFT]++;
    }
  const wanted = /* @__PURE__ */ new Map();
  for (const q of qs) {
    const pos = q / 100 * (n - 1);
    wanted.set(Math.floor(pos), 0);
    wanted.set(Math.min(n - 1, Math.floor(pos) + 1), 0);
  }
  const bucketOf = /* @__PURE__ */ new Map();
  const buckets = /* @__PURE__ */ new Map();
  for (const k of wanted.keys()) {
    let bucket = 0;
    let before = 0;
    while (before + counts[bucket] <= k) before += counts[bucket++];
    bucketOf.set(k, { bucket, before });
    if (!buckets.has(bucket)) buckets.set(bucket, { before, vals: new Int32Array(counts[bucket]), fill: 0 });
  }
  const slot = new Int8Array(1024).fill(-1);
  const lists = [...buckets.entries()].map(([bucket, e], i) => (slot[bucket] = i, e));
  for (let i = 0; i < n; i++) {
    const s = slot[keys[i] >>> SHIFT];
    if (s >= 0) {
      const e = lists[s];
      e.vals[e.fill++] = keys[i];
    }
  }
  for (const e of buckets.values()) e.vals.sort();
  const orderStat = (k) => {
    const { bucket, before } = bucketOf.get(k);
    return buckets.get(bucket).vals[k - before];
  };
  const value = (k) => Math.sqrt(k / 1e3) / 255;
  return qs.map((q) => {
    const pos = q / 100 * (n - 1);
    const lo = Math.floor(pos);
    const a = value(orderStat(lo));
    if (pos === lo) return a;
    const b = value(orderStat(lo + 1));
    return a + (b - a) * (pos - lo);
  });
}
function pilEntropy(hist) {
  let n = 0;
  for (let i = 0; i < hist.length; i++) n += hist[i];
  if (!n) return 0;
  let e = 0;
  for (let i = 0; i < hist.length; i++) {
    const c = hist[i];
    if (c) {
      const p = c / n;
      e -= p * Math.log2(p);
    }
  }
  return e;
}
function blurryScore(q) {
  const ratio = Math.max(q.width, q.height) / BLURRY_MAX_RESOLUTION;
  let tw = q.w;
  let th = q.h;
  if (ratio > 1) {
    tw = Math.max(1, Math.floor(q.width / ratio));
    th = Math.max(1, Math.floor(q.height / ratio));
  }
  const small = tw === q.w && th === q.h ? q.px : boxResize(q.px, q.w, q.h, q.c, tw, th);
  const gray = toLuma(small, tw * th, q.c);
  const edges = findEdges(gray, tw, th);
  const blur = 1 - Math.exp(-NORMALIZING_FACTOR * stdOf(edges));
  const hist = new Float64Array(256);
  for (let i = 0; i < gray.length; i++) hist[gray[i]]++;
  let term = 1 - Math.exp(-NORMALIZING_FACTOR * stdOf(hist));
  if (term <= COLOR_THRESHOLD) term = 0;
  return Math.min(1, blur + term);
}
function findEdges(g, w, h) {
  const out = new Uint8Array(g);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const ring = g[i - w - 1] + g[i - w] + g[i - w + 1] + g[i - 1] + g[i + 1] + g[i + w - 1] + g[i + w] + g[i + w + 1];
      const e = 8 * g[i] - ring;
      out[i] = e < 0 ? 0 : e > 255 ? 255 : e;
    }
  }
  return out;
}
function stdOf(a) {
  const n = a.length;
  if (!n) return 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    s += v;
    s2 += v * v;
  }
  const m = s / n;
  return Math.sqrt(Math.max(0, s2 / n - m * m));
}

// src/scan/settings.ts
var RECORD_VERSION = 1;
var DEFAULT_SCAN_SETTINGS = Object.freeze({
  limitInputPixels: 1e8,
  statsResolution: "thumb",
  thumbSize: 160
});

// src/scan/record.ts
var PHASH_SIDE = 32;
async function computeRecord(bytes, hash, settings) {
  const rec = { v: RECORD_VERSION, hash, bytes: bytes.length };
  let out;
  await sharpLib();
  try {
    out = await decodeImage(bytes, settings);
  } catch (e) {
    rec.error = { kind: "corrupt", message: `decoding failed: ${e.message}` };
    return rec;
  }
  const header = out.ok ? out.image.header : out.header;
  if (header) {
    rec.format = header.format;
    rec.width = header.width;
    rec.height = header.height;
    rec.channels = header.channels;
    rec.bitDepth = header.bitDepth;
    if (header.orientation !== void 0) rec.orientation = header.orientation;
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
    rec.error = { kind: "corrupt", message: `the decoded pixels could not be analysed: ${e.message}` };
  }
  return rec;
}
function analysePixels(rec, img, settings) {
  const { pixels, width: w, height: h, channels: c } = img;
  const grayscale = c === 1 || channelsEqual(pixels, c);
  let px = pixels;
  let sw = w;
  let sh = h;
  const long = Math.max(w, h);
  if (settings.statsResolution === "thumb" && long > settings.thumbSize) {
    const s = settings.thumbSize / long;
    sw = Math.max(1, Math.round(w * s));
    sh = Math.max(1, Math.round(h * s));
    px = sampleResize(pixels, w, h, c, sw, sh);
  }
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(pixels));
  rec.pixelHash = createHash2("sha256").update(`${w}x${h}x${c}${img.fullSize ? "" : ":shrunk"}
`).update(crc).update(px).digest("hex").slice(0, 32);
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

// src/scan/serve.ts
async function processJob(job, settings) {
  let bytes;
  try {
    if (job.bytes) bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    else if (job.absPath) bytes = readFileSync(job.absPath);
    else throw new Error("no bytes and no path");
  } catch (e) {
    const message = `the file could not be read: ${e.message}`;
    return { record: { v: RECORD_VERSION, hash: job.hash ?? "", bytes: 0, error: { kind: "corrupt", message } }, readError: true };
  }
  const hash = job.hash ?? contentHash(bytes);
  const pointer = lfsPointer(bytes);
  if (pointer) return { record: { v: RECORD_VERSION, hash, bytes: bytes.byteLength, error: { kind: "lfs-pointer", message: pointerMessage(pointer) } }, readError: true };
  return { record: await computeRecord(bytes, hash, settings) };
}
function isScanWorker() {
  if (!isMainThread) return Boolean(workerData?.scanWorker);
  return process.argv.includes(SCAN_WORKER_FLAG) && typeof process.send === "function";
}
function runScanWorker() {
  const serve = (settings2, concurrency, reply) => {
    const queue = [];
    let running = 0;
    const next = () => {
      while (running < concurrency && queue.length) {
        const m = queue.shift();
        running++;
        void processJob(m.job, settings2).then((result) => {
          running--;
          reply({ id: m.id, result });
          next();
        });
      }
    };
    return (m) => {
      if ("concurrency" in m) concurrency = Math.max(1, m.concurrency);
      else queue.push(m);
      next();
    };
  };
  void sharpLib();
  if (!isMainThread && parentPort) {
    const data = workerData;
    const port = parentPort;
    port.on("message", serve(data.settings, Math.max(1, data.concurrency ?? 4), (r) => port.postMessage(r)));
    return;
  }
  const at = process.argv.indexOf(SCAN_WORKER_FLAG);
  const settings = JSON.parse(process.argv[at + 1] ?? "{}");
  process.on("message", serve(settings, Math.max(1, Number(process.argv[at + 2]) || 4), (r) => process.send?.(r)));
  process.on("disconnect", () => process.exit(0));
}
if (isScanWorker()) runScanWorker();
