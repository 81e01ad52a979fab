/**
 * What went wrong with an image, in words a person understands: the error kind of a failed header
 * read or decode, judged by the bytes where they tell more than the decoder's message (a JPEG
 * without its end marker is truncated, whatever libvips says; text is not an image).
 */
import { sniffFormat } from './header.js';
import type { ImageErrorKind } from './types.js';

export const rawMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function errMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
}

/** Errors before any pixel: empty, not an image, a known image format sharp cannot read, a bomb. */
export function classifyHeaderError(bytes: Buffer, e: unknown): [ImageErrorKind, string] {
  const msg = errMessage(e);
  if (/pixel limit/i.test(msg)) return ['bomb', `more pixels than limitInputPixels allows (${msg})`];
  const known = sniffFormat(bytes);
  if (/unsupported image format/i.test(msg)) {
    if (known && known !== 'jpeg' && known !== 'png') return ['unsupported', `${known.toUpperCase()} images are not supported by the decoder`];
    if (known) return ['corrupt', `the file starts like a ${known.toUpperCase()} but its header is unreadable (${msg})`];
    return ['not-image', looksLikeText(bytes) ? 'the file is text, not an image' : 'the bytes are not a known image format'];
  }
  if (known) return ['corrupt', `the ${known.toUpperCase()} header is unreadable: ${msg}`];
  return ['not-image', msg];
}

export function classifyDecodeError(bytes: Buffer, format: string, e: unknown): { kind: ImageErrorKind; message: string } {
  const msg = errMessage(e);
  if (/pixel limit/i.test(msg)) return { kind: 'bomb', message: `more pixels than limitInputPixels allows (${msg})` };
  // JPEG and PNG are judged by their bytes: the message may be another image's (see warningText)
  if (format === 'jpeg') {
    if (!endsWith(bytes, [0xff, 0xd9])) return { kind: 'truncated', message: `the JPEG data ends early (no end-of-image marker): ${msg}` };
  } else if (format === 'png') {
    if (!hasPngEnd(bytes)) return { kind: 'truncated', message: `the PNG stops before its end marker (IEND): ${msg}` };
  } else if (/premature end|truncated|unexpected end|end of file|not enough data/i.test(msg)) {
    return { kind: 'truncated', message: `the image data ends early: ${msg}` };
  }
  return { kind: 'corrupt', message: `the ${format.toUpperCase()} data is damaged: ${msg}` };
}

function endsWith(bytes: Buffer, tail: number[]): boolean {
  // JPEG writers may pad after EOI: look at the last few bytes.
  const from = Math.max(0, bytes.length - 64);
  for (let i = bytes.length - tail.length; i >= from; i--) {
    if (tail.every((b, k) => bytes[i + k] === b)) return true;
  }
  return false;
}

function hasPngEnd(bytes: Buffer): boolean {
  return bytes.subarray(Math.max(0, bytes.length - 64)).includes('IEND');
}

function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 512);
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 128) printable++;
    else if (c === 0) return false;
  }
  return n > 0 && printable / n > 0.95;
}
