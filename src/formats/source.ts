/**
 * Where a dataset's files come from. Readers only see this interface, so the same reader works
 * on the working tree (disk.ts) and on a git revision (../diff/git-source.ts).
 * All paths are relative to the dataset root, with POSIX separators.
 */
import type { HeaderSize } from './image-size.js';

export interface DatasetSource {
  /** absolute path of the dataset root on disk (for a git revision: the root in the work tree) */
  readonly root: string;
  /** a label for messages: the folder, or "<rev>:<folder>" */
  readonly label: string;
  /** every regular file under the root, sorted; links leaving the root are not listed (see unsafe) */
  list(): Promise<string[]>;
  readText(rel: string): Promise<string>;
  readBytes(rel: string): Promise<Buffer>;
  exists(rel: string): Promise<boolean>;
  /** displayed width/height (and EXIF orientation) from the image header (no decode); undefined when unreadable */
  imageSize(rel: string): Promise<HeaderSize | undefined>;
  /** git blob SHA of the file when it is tracked and unmodified, else undefined */
  blobSha(rel: string): string | undefined;
  /** entries that were skipped because they are symlinks leaving the root, with where they point */
  unsafe(): { path: string; target: string }[];
}

/** A source that passes every call to `inner` except the reads `over` replaces (memos, read logs). */
export function overlaySource(inner: DatasetSource, over: Partial<Pick<DatasetSource, 'readText' | 'readBytes' | 'imageSize'>>): DatasetSource {
  return {
    root: inner.root,
    label: inner.label,
    list: () => inner.list(),
    readText: over.readText ?? ((rel) => inner.readText(rel)),
    readBytes: over.readBytes ?? ((rel) => inner.readBytes(rel)),
    imageSize: over.imageSize ?? ((rel) => inner.imageSize(rel)),
    exists: (rel) => inner.exists(rel),
    blobSha: (rel) => inner.blobSha(rel),
    unsafe: () => inner.unsafe(),
  };
}
