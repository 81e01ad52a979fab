/** Resampling and channel helpers on 8-bit interleaved pixels (1 or 3 channels). Pure functions. */

/**
 * Area-average resize (box filter) of interleaved 8-bit pixels to tw×th. Each target pixel
 * averages the source block that maps onto it; when enlarging, a block is one source pixel.
 */
export function boxResize(src: Uint8Array, w: number, h: number, c: number, tw: number, th: number): Uint8Array {
  const out = new Uint8Array(tw * th * c);
  if (tw === w && th === h) {
    out.set(src.subarray(0, out.length));
    return out;
  }
  const x0 = new Int32Array(tw + 1);
  for (let x = 0; x <= tw; x++) x0[x] = Math.floor((x * w) / tw);
  const acc = new Uint32Array(tw * c);
  const rowStride = w * c;
  for (let ty = 0; ty < th; ty++) {
    const ya = Math.floor((ty * h) / th);
    const yb = Math.max(ya + 1, Math.floor(((ty + 1) * h) / th));
    acc.fill(0);
    for (let y = ya; y < yb; y++) {
      const row = y * rowStride;
      for (let tx = 0; tx < tw; tx++) {
        const xa = x0[tx]!;
        const xb = Math.max(xa + 1, x0[tx + 1]!);
        const a = tx * c;
        if (c === 3) {
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          for (let i = row + xa * 3, e = row + xb * 3; i < e; i += 3) {
            s0 += src[i]!;
            s1 += src[i + 1]!;
            s2 += src[i + 2]!;
          }
          acc[a]! += s0;
          acc[a + 1]! += s1;
          acc[a + 2]! += s2;
        } else {
          for (let k = 0; k < c; k++) {
            let s = 0;
            for (let i = row + xa * c + k, e = row + xb * c; i < e; i += c) s += src[i]!;
            acc[a + k]! += s;
          }
        }
      }
    }
    const o = ty * tw * c;
    const rows = yb - ya;
    for (let tx = 0; tx < tw; tx++) {
      const xa = x0[tx]!;
      const count = rows * (Math.max(xa + 1, x0[tx + 1]!) - xa);
      const half = count >>> 1;
      for (let k = 0; k < c; k++) out[o + tx * c + k] = Math.floor((acc[tx * c + k]! + half) / count);
    }
  }
  return out;
}

/**
 * Point-sampled resize (each target pixel takes the source pixel at its centre): O(target), and
 * the values are an unbiased sample of the source's pixel distribution.
 */
export function sampleResize(src: Uint8Array, w: number, h: number, c: number, tw: number, th: number): Uint8Array {
  const out = new Uint8Array(tw * th * c);
  const xs = new Int32Array(tw);
  for (let x = 0; x < tw; x++) xs[x] = Math.min(w - 1, Math.floor(((x + 0.5) * w) / tw)) * c;
  let o = 0;
  for (let y = 0; y < th; y++) {
    const row = Math.min(h - 1, Math.floor(((y + 0.5) * h) / th)) * w * c;
    if (c === 3)
      for (let x = 0; x < tw; x++, o += 3) {
        const i = row + xs[x]!;
        out[o] = src[i]!;
        out[o + 1] = src[i + 1]!;
        out[o + 2] = src[i + 2]!;
      }
    else for (let x = 0; x < tw; x++) for (let k = 0; k < c; k++) out[o++] = src[row + xs[x]! + k]!;
  }
  return out;
}

/** PIL's "L" conversion (ITU-R 601-2 luma, L = R·299/1000 + G·587/1000 + B·114/1000, rounded). */
export function toLuma(src: Uint8Array, pixels: number, c: number): Uint8Array {
  if (c === 1) return src.slice(0, pixels);
  const out = new Uint8Array(pixels);
  for (let i = 0, o = 0; i < pixels; i++, o += c) {
    out[i] = (src[o]! * 19595 + src[o + 1]! * 38470 + src[o + 2]! * 7471 + 0x8000) >>> 16;
  }
  return out;
}

/** Whether every pixel of an interleaved 3-channel image has R = G = B (stops at the first difference). */
export function channelsEqual(px: Uint8Array, c: number): boolean {
  if (c === 1) return true;
  for (let i = 0; i < px.length; i += c) {
    const r = px[i];
    if (px[i + 1] !== r || px[i + 2] !== r) return false;
  }
  return true;
}
