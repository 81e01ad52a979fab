/**
 * The part of a content key that lists files: `name\0sha\n` for each (`-` for a file without a
 * blob SHA). Fed to the hash in large chunks: one update per file was 20,000 native calls for a
 * 10,000-image dataset (~40 ms, measured); the digest is the same however the bytes are cut.
 */
import type { Hash } from 'node:crypto';

const CHUNK = 4096;

export function hashFileList(h: Hash, files: readonly string[], shaOf: (rel: string) => string | undefined): void {
  for (let i = 0; i < files.length; i += CHUNK) {
    let text = '';
    for (let j = i; j < Math.min(files.length, i + CHUNK); j++) text += `${files[j]}\0${shaOf(files[j]!) ?? '-'}\n`;
    h.update(text);
  }
}
