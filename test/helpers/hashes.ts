/** 64-bit hashes as 16 hex chars for the near-pair tests: build, flip bits, generate. */
import fc from 'fast-check';

export const hex = (hi: number, lo: number) => (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');

/** flips the given bit positions (0..63) of a hex hash */
export function flip(h: string, bits: number[]): string {
  let hi = parseInt(h.slice(0, 8), 16);
  let lo = parseInt(h.slice(8), 16);
  for (const b of bits) {
    if (b < 32) lo = (lo ^ (1 << b)) >>> 0;
    else hi = (hi ^ (1 << (b - 32))) >>> 0;
  }
  return hex(hi, lo);
}

export const hashArb = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })).map(([a, b]) => hex(a, b));
