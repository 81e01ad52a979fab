/** The scan records of a dataset's images: from the record store, another side's table, or decoded. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AnalyzeOptions, Scanned } from './engine.js';
import { createDiskSource } from './formats/disk.js';
import { gitTopLevel } from './formats/read.js';
import type { DatasetSource } from './formats/source.js';
import type { Dataset } from './model.js';
import { listPaths } from './checks/dup-describe.js';
import { plural } from './checks/robust.js';
import { UsageError } from './options.js';
import { makeProgress } from './progress.js';
import type { RecordTable } from './scan/record-table.js';
import { scanImages, type ScanItem } from './scan/scan.js';
import type { KnownRecords } from './scan/table-cache.js';

/** One record per image (undefined for missing files), from the record store or decoded. */
export async function scanRecords(ds: Dataset, opts: AnalyzeOptions & { onCached?: (t: RecordTable) => void }): Promise<Scanned> {
  const present = ds.images.filter((img) => img.exists);
  const items: ScanItem[] = [];
  // listed images exist unless their folder is a link placeholder file: one check per folder
  const dirs = new Map<string, boolean>();
  const dirExists = (d: string) => dirs.get(d) ?? (dirs.set(d, existsSync(d) && statSync(d).isDirectory()), dirs.get(d)!);
  let disk: DatasetSource | undefined;
  // dataset paths are normalised and relative: joined by hand (path.join for each of 10,000 images showed)
  const base = path.sep === '/' ? (ds.root.endsWith('/') ? ds.root : ds.root + '/') : undefined;
  for (const img of present) {
    const hash = opts.blobShas?.get(img.path);
    const item: ScanItem = { path: img.path, slot: img.id };
    if (hash) item.hash = hash;
    // bytes of a git revision are read only when the record store does not know the hash
    if (opts.readBytes) item.load = () => opts.readBytes!(img);
    else {
      const abs = base !== undefined ? base + img.path : path.join(ds.root, img.path);
      // a folder reached through a link placeholder file (coco128's `images` → ../images):
      // only the dataset source knows the way, so read through it
      if (dirExists(path.dirname(abs))) item.absPath = abs;
      else item.load = () => (disk ??= createDiskSource(ds.root, gitTopLevel(ds.root) ?? path.dirname(ds.root))).readBytes(img.path);
    }
    items.push(item);
  }
  const bar = makeProgress(opts.progress ?? 'off', 'scan');
  const res = await scanImages(items, {
    slots: ds.images.length,
    ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(opts.known ? { known: byHash(opts.known) } : {}),
    ...(opts.onCached ? { onCached: opts.onCached } : {}),
    onProgress: (done, total) => bar.update(done, total),
  });
  bar.end();
  if (opts.pointersFatal) {
    const pointers = res.records.errors().flatMap(([i, r]) => (r.error?.kind === 'lfs-pointer' ? [ds.images[i]!.path] : []));
    if (pointers.length)
      throw new UsageError(
        `${plural(pointers.length, 'image')} of ${ds.root} ${pointers.length === 1 ? 'is a Git LFS pointer file' : 'are Git LFS pointer files'}, not ${pointers.length === 1 ? 'an image' : 'images'} (${listPaths(pointers.sort(), 3)}): ` +
          'the checkout did not fetch their content. Check out with `lfs: true` (actions/checkout) or run `git lfs pull`.',
      );
  }
  return { records: res.records, scan: res.scan };
}

/** The slots of a table's records by content hash. */
function byHash(table: RecordTable): KnownRecords {
  const at = new Map<string, number>();
  for (let i = 0; i < table.length; i++) {
    const h = table.has(i) ? table.hash(i) : undefined;
    if (h) at.set(h, i);
  }
  return { table, slotOf: (hash) => at.get(hash) };
}
