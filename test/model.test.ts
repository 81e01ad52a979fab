/** Boxes grouped by image (model.ts boxesByImage): the ordered fast path and the general one agree with a plain grouping. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxesByImage, type Box } from '../src/model.js';

const box = (image: number, k: number): Box => ({ image, classId: k % 3, x1: 0, y1: 0, x2: 0.5, y2: 0.5, file: `f${image}.txt`, line: k + 1 });
const images = (n: number) => Array.from({ length: n }, (_, id) => ({ id, path: `i${id}.jpg`, split: 'train', labelState: 'labeled' as const, exists: true }));

function reference(n: number, boxes: Box[]): Box[][] {
  const out: Box[][] = Array.from({ length: n }, () => []);
  for (const b of boxes) if (Number.isInteger(b.image) && b.image >= 0 && b.image < n) out[b.image]!.push(b);
  return out;
}

test('boxesByImage: in reading order, shuffled, out of range or fractional image indices: each image its boxes, in order', () => {
  const ordered = [box(0, 0), box(0, 1), box(2, 2), box(3, 3), box(3, 4), box(3, 5), box(5, 6)];
  const cases: Box[][] = [
    ordered,
    [ordered[3]!, ordered[0]!, ordered[6]!, ordered[1]!, ordered[2]!],
    [...ordered, box(9, 7)], // past the last image
    [box(-1, 8), ...ordered],
    [box(0, 0), box(1.5, 1), box(2, 2)],
    [],
  ];
  for (const boxes of cases) {
    const ds = { images: images(6), boxes };
    const got = boxesByImage(ds);
    assert.deepEqual(got, reference(6, boxes));
    assert.equal(boxesByImage(ds), got, 'kept for the same dataset');
  }
  // a dataset whose boxes changed is grouped again
  const ds = { images: images(6), boxes: [...ordered] };
  const first = boxesByImage(ds);
  ds.boxes.push(box(4, 9));
  assert.notEqual(boxesByImage(ds), first);
  assert.deepEqual(boxesByImage(ds), reference(6, ds.boxes));
});
