/**
 * Git LFS pointers: what git stores for a file tracked by LFS, and what a checkout without LFS
 * content leaves in the work tree — about 130 bytes of text naming the real object:
 *
 *   version https://git-lfs.github.com/spec/v1
 *   oid sha256:<64 hex>
 *   size <bytes>
 *
 * A pointer is never decoded as an image. The work tree's pointers fail the run with the fix
 * (the checkout needs `lfs: true`); a revision's blobs are pointers by nature, and the object is
 * read from the local LFS store (.git/lfs/objects) when it was fetched.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface LfsPointer {
  /** sha256 of the real content, 64 hex */
  oid: string;
  size: number;
}

/** pointers are small: the spec caps them at 1024 bytes */
const MAX_POINTER = 1024;
const VERSION = 'version https://git-lfs.github.com/spec/v1\n';

export function lfsPointer(bytes: Uint8Array): LfsPointer | undefined {
  if (bytes.byteLength > MAX_POINTER || bytes.byteLength < VERSION.length) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (!text.startsWith(VERSION)) return undefined;
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d+)$/m.exec(text)?.[1];
  return oid && size !== undefined ? { oid, size: Number(size) } : undefined;
}

/** The bytes of a pointer's object in the local LFS store of `gitDir`, or undefined when not fetched. */
export function lfsObject(gitDir: string, p: LfsPointer): Buffer | undefined {
  try {
    const bytes = readFileSync(path.join(gitDir, 'lfs', 'objects', p.oid.slice(0, 2), p.oid.slice(2, 4), p.oid));
    return bytes.byteLength === p.size ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** The record message of an image whose bytes are a pointer. */
export function pointerMessage(p: LfsPointer): string {
  return `the file is a Git LFS pointer (object ${p.oid.slice(0, 12)}…, ${p.size} bytes), not the image: its content was not fetched`;
}
