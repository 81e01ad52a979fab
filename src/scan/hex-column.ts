/**
 * A column of hex strings (content hashes, pixel hashes) held as bytes: 20 bytes for a 40-char
 * SHA-1 where a V8 string costs ~64. The first hex string sets the width; a string of another
 * width, upper-case hex or not hex at all is kept as it is, so `get` always returns what was set.
 */
const HEX = /^(?:[0-9a-f]{2})+$/;
const LEAD16 = /^[0-9a-f]{16}/i;

/** The first 16 hex digits of s (all of s when `whole`) as two uint32; false when s has fewer. */
export function hex64(s: string | undefined, out: { hi: number; lo: number }, whole = false): boolean {
  if (s === undefined || !LEAD16.test(s) || (whole && s.length !== 16)) return false;
  out.hi = parseInt(s.slice(0, 8), 16);
  out.lo = parseInt(s.slice(8, 16), 16);
  return true;
}

export class HexColumn {
  private bytes?: Buffer;
  private width = 0;
  /** 0 unset, 1 in bytes, 2 in `other` */
  private readonly kind: Uint8Array;
  private readonly other = new Map<number, string>();

  constructor(private readonly length: number) {
    this.kind = new Uint8Array(length);
  }

  /** A column of `length` values from its structured clone (the bytes arrive as a plain Uint8Array); throws if it is not one. */
  static revive(clone: unknown, length: number): HexColumn {
    const c = Object.setPrototypeOf(clone, HexColumn.prototype) as HexColumn;
    const okBytes = c.bytes === undefined || (c.bytes instanceof Uint8Array && Number.isInteger(c.width) && c.width > 0 && c.bytes.length === length * c.width);
    if (c.length !== length || !(c.kind instanceof Uint8Array) || c.kind.length !== length || !(c.other instanceof Map) || !okBytes) throw new Error('not a hex column');
    if (c.bytes) c.bytes = Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.byteLength);
    return c;
  }

  set(i: number, s: string | undefined): void {
    if (this.kind[i] === 2) this.other.delete(i);
    this.kind[i] = 0;
    if (s === undefined) return;
    if (!this.bytes && s.length > 0 && s.length <= 128 && HEX.test(s)) {
      this.width = s.length / 2;
      this.bytes = Buffer.alloc(this.length * this.width);
    }
    if (this.bytes && s.length === 2 * this.width && HEX.test(s)) {
      this.bytes.write(s, i * this.width, this.width, 'hex');
      this.kind[i] = 1;
    } else {
      this.other.set(i, s);
      this.kind[i] = 2;
    }
  }

  /** copy(i + k, from, j + k) for every k < len: one byte copy when `from` holds all of them as bytes */
  copyRun(i: number, from: HexColumn, j: number, len: number): void {
    const w = from.width;
    let bytes = from.bytes !== undefined && (!this.bytes || this.width === w);
    for (let k = 0; bytes && k < len; k++) if (from.kind[j + k] !== 1) bytes = false;
    if (!bytes) {
      for (let k = 0; k < len; k++) this.copy(i + k, from, j + k);
      return;
    }
    if (!this.bytes) {
      this.width = w;
      this.bytes = Buffer.alloc(this.length * w);
    }
    if (this.other.size) for (let k = 0; k < len; k++) if (this.kind[i + k] === 2) this.other.delete(i + k);
    from.bytes!.copy(this.bytes, i * w, j * w, (j + len) * w);
    this.kind.fill(1, i, i + len);
  }

  /** set(i, from.get(j)), byte for byte when both columns hold bytes of one width (no hex string) */
  copy(i: number, from: HexColumn, j: number): void {
    if (from.kind[j] === 1 && this.bytes && this.width === from.width) {
      if (this.kind[i] === 2) this.other.delete(i);
      from.bytes!.copy(this.bytes, i * this.width, j * from.width, (j + 1) * from.width);
      this.kind[i] = 1;
    } else this.set(i, from.get(j));
  }

  /** the first 64 bits of the value as two uint32 (false: unset, or not 16+ hex digits) */
  prefix(i: number, out: { hi: number; lo: number }): boolean {
    const k = this.kind[i];
    if (k === 1 && this.width >= 8) {
      out.hi = this.bytes!.readUInt32BE(i * this.width);
      out.lo = this.bytes!.readUInt32BE(i * this.width + 4);
      return true;
    }
    return k === 2 && hex64(this.other.get(i), out);
  }

  get(i: number): string | undefined {
    const k = this.kind[i];
    return k === 1 ? this.bytes!.toString('hex', i * this.width, (i + 1) * this.width) : k === 2 ? this.other.get(i) : undefined;
  }
}
