/** Hamming distances of 64-bit hashes (pHash, dHash), as hex strings or [hi, lo] uint32 pairs. */

/** Number of set bits of a uint32. */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance of two 64-bit hashes given as [hi, lo] uint32 pairs. */
export function hamming64Parts(aHi: number, aLo: number, bHi: number, bLo: number): number {
  return popcount32((aHi ^ bHi) >>> 0) + popcount32((aLo ^ bLo) >>> 0);
}

/** Hamming distance of two 64-bit hashes written as 16 hex chars. */
export function hamming64(aHex: string, bHex: string): number {
  return hamming64Parts(
    parseInt(aHex.slice(0, 8), 16),
    parseInt(aHex.slice(8, 16), 16),
    parseInt(bHex.slice(0, 8), 16),
    parseInt(bHex.slice(8, 16), 16),
  );
}
