/** What every reader gets and shares: the listing, a key de-duplicator, image-size filling. */
import type { Dataset, DatasetFormat, ImageEntry } from '../model.js';
import type { HeaderSize } from './image-size.js';
import type { PriorRead } from './prior.js';
import type { DatasetSource } from './source.js';
import { mapLimit } from './paths.js';

export interface ReaderContext {
  source: DatasetSource;
  /** every file, sorted */
  files: string[];
  fileSet: Set<string>;
  dirs: Set<string>;
  /** read image headers (YOLO sizes; COCO/VOC real size next to the declared one) */
  imageSizes: boolean;
  /** a previous read: unchanged label files are not read again (prior.ts) */
  prior?: PriorRead;
}

export const IO_CONCURRENCY = 64;

/** Finding keys must be unique per path: the second identical key gets "#2" and so on. */
export class KeyDeduper {
  private seen = new Map<string, number>();
  key(path: string, key: string): string {
    const k = `${path}\u0000${key}`;
    const n = (this.seen.get(k) ?? 0) + 1;
    this.seen.set(k, n);
    return n === 1 ? key : `${key}#${n}`;
  }
}

export function emptyDataset(source: DatasetSource, format: DatasetFormat): Dataset {
  return { root: source.root, format, classes: [], splits: [], images: [], boxes: [], orphans: [], findings: [], notes: [] };
}

/**
 * The header size of every present image: an unchanged one's from the prior read (prior.ts; no
 * call through the source), the others read from their headers (bounded concurrency).
 */
export async function readHeaderSizes(ctx: ReaderContext, images: ImageEntry[]): Promise<(HeaderSize | undefined)[]> {
  const out = new Array<HeaderSize | undefined>(images.length).fill(undefined);
  const rest: number[] = [];
  for (let i = 0; i < images.length; i++) {
    const img = images[i]!;
    if (!img.exists) continue;
    const sha = ctx.prior ? ctx.source.blobSha(img.path) : undefined;
    const known = sha !== undefined ? ctx.prior!.size(img.path, sha) : undefined;
    if (known) out[i] = known;
    else rest.push(i);
  }
  const got = await mapLimit(rest, IO_CONCURRENCY, (i) => ctx.source.imageSize(images[i]!.path));
  rest.forEach((i, k) => (out[i] = got[k]));
  return out;
}

/** Set each image's size from its file header (where readable). */
export async function applyHeaderSizes(ctx: ReaderContext, images: ImageEntry[]): Promise<void> {
  const sizes = await readHeaderSizes(ctx, images);
  sizes.forEach((s, i) => {
    if (!s) return;
    const img = images[i]!;
    img.width = s.width;
    img.height = s.height;
    if (s.orientation) img.orientation = s.orientation;
    img.sizeSource = 'file';
  });
}

/** Read texts in chunks (concurrently) and hand them to `each` in input order. */
export async function forEachText(
  ctx: ReaderContext,
  paths: string[],
  each: (text: string | undefined, i: number, error?: Error) => void,
  chunk = 512,
): Promise<void> {
  for (let s = 0; s < paths.length; s += chunk) {
    const part = paths.slice(s, s + chunk);
    const texts = await mapLimit(part, IO_CONCURRENCY, (p) =>
      ctx.source.readText(p).then(
        (t) => ({ t }),
        (e: Error) => ({ e }),
      ),
    );
    texts.forEach((r, j) => each('t' in r ? r.t : undefined, s + j, 'e' in r ? r.e : undefined));
  }
}
