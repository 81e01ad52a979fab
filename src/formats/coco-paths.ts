/** Where the image a COCO file_name names may live in the dataset folder. */
import { baseOf, dirOf, joinRel, normRel } from './paths.js';

/** Where a COCO file_name may live, most likely first. */
export function imageCandidates(fileName: string, split: string, jsonDir: string): string[] {
  const fn = normRel(fileName) ?? baseOf(fileName.replace(/\\/g, '/'));
  const parent = dirOf(jsonDir);
  const list = [
    joinRel(split, fn),
    joinRel('images', split, fn),
    joinRel('images', fn),
    joinRel(jsonDir, fn),
    joinRel(parent, split, fn),
    joinRel(parent, 'images', split, fn),
    fn,
  ];
  return [...new Set(list.map((c) => normRel(c) ?? c))];
}
