/**
 * Which base image is which head image: by path first; what is left by content (the same blob
 * SHA at another path: moved when the split changed, else renamed); and, where content hashes
 * cannot tell (one side has none, or one of the two images), by a file name unique on both sides.
 */
import type { Dataset, ImageEntry } from '../model.js';
import type { ImageMove } from './diff-types.js';

export interface ImageMatch {
  pairs: { b: ImageEntry; h: ImageEntry; by: ImageMove['by'] }[];
  /** base images with no head image (removed) */
  baseLeft: ImageEntry[];
  /** head images with no base image (added) */
  headLeft: ImageEntry[];
}

/** Image ids taken: a flag per id below `n` (ids index Dataset.images), a Set for any other. */
class Matched {
  private readonly flags: Uint8Array;
  private readonly other = new Set<number>();
  constructor(n: number) {
    this.flags = new Uint8Array(n);
  }
  has(id: number): boolean {
    return id >= 0 && id < this.flags.length && Number.isInteger(id) ? this.flags[id] === 1 : this.other.has(id);
  }
  add(id: number): void {
    if (id >= 0 && id < this.flags.length && Number.isInteger(id)) this.flags[id] = 1;
    else this.other.add(id);
  }
}

export const shaOf = (shas: Map<string, string> | undefined, img: ImageEntry): string | undefined => shas?.get(img.path);

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function matchImages(base: Dataset, head: Dataset, baseShas?: Map<string, string>, headShas?: Map<string, string>): ImageMatch {
  const contentKnown = !!baseShas?.size && !!headShas?.size;
  // loops, not map/filter/Set: this runs once over every image of both sides in a PR run
  const headByPath = new Map<string, ImageEntry>();
  for (const h of head.images) headByPath.set(h.path, h);
  const pairs: { b: ImageEntry; h: ImageEntry; by: ImageMove['by'] }[] = [];
  const baseLeft: ImageEntry[] = [];
  const headMatched = new Matched(head.images.length);
  for (const b of base.images) {
    const h = headByPath.get(b.path);
    if (h && !headMatched.has(h.id)) {
      pairs.push({ b, h, by: 'path' });
      headMatched.add(h.id);
    } else baseLeft.push(b);
  }
  let headLeft: ImageEntry[] = [];
  for (const h of head.images) if (!headMatched.has(h.id)) headLeft.push(h);

  if (baseLeft.length && headLeft.length) {
    // by content
    const headBySha = new Map<string, ImageEntry[]>();
    for (const h of headLeft) {
      const s = shaOf(headShas, h);
      if (!s) continue;
      const l = headBySha.get(s);
      if (l) l.push(h);
      else headBySha.set(s, [h]);
    }
    const still: ImageEntry[] = [];
    for (const b of baseLeft) {
      const s = shaOf(baseShas, b);
      const cands = s ? headBySha.get(s)?.filter((h) => !headMatched.has(h.id)) : undefined;
      if (!cands?.length) {
        still.push(b);
        continue;
      }
      const name = baseName(b.path);
      const h = cands.find((c) => baseName(c.path) === name) ?? cands.find((c) => c.split === b.split) ?? cands[0]!;
      pairs.push({ b, h, by: 'content' });
      headMatched.add(h.id);
    }
    baseLeft.length = 0;
    baseLeft.push(...still);
    headLeft = headLeft.filter((h) => !headMatched.has(h.id));

    // by a unique file name, only where content cannot tell: a side without hashes, or an image
    // without one (a file reached through a link outside the listing, an untracked file)
    if (baseLeft.length && headLeft.length) {
      const uniq = (imgs: ImageEntry[]) => {
        const m = new Map<string, ImageEntry | null>();
        for (const i of imgs) {
          const n = baseName(i.path);
          m.set(n, m.has(n) ? null : i);
        }
        return m;
      };
      const hu = uniq(headLeft);
      const bu = uniq(baseLeft);
      const still2: ImageEntry[] = [];
      for (const b of baseLeft) {
        const n = baseName(b.path);
        const h = bu.get(n) ? hu.get(n) : undefined;
        if (h && (!contentKnown || !shaOf(baseShas, b) || !shaOf(headShas, h))) {
          pairs.push({ b, h, by: 'name' });
          headMatched.add(h.id);
        } else still2.push(b);
      }
      baseLeft.length = 0;
      baseLeft.push(...still2);
      headLeft = headLeft.filter((h) => !headMatched.has(h.id));
    }
  }
  return { pairs, baseLeft, headLeft };
}
