/** Folder layouts several tests build. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function put(root: string, rel: string, data: string | Buffer): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), data);
}

/**
 * coco128's layout read from above its yaml: images/ at the top, od/images a link to it (a real
 * symlink or a link committed as a placeholder file), od/more a second link to the same folder,
 * images/up a link back up (a cycle).
 */
export function secondWayLayout(root: string, image: string | Buffer, kind: 'symlink' | 'placeholder' = 'symlink'): void {
  put(root, 'images/train/a.jpg', image);
  put(root, 'od/labels/train/a.txt', '0 0.5 0.5 0.5 0.5\n');
  put(root, 'od/config.yaml', 'path: .\ntrain: images/train\nnames: {0: thing}\n');
  if (kind === 'symlink') symlinkSync('../images', path.join(root, 'od/images'));
  else put(root, 'od/images', '../images');
  symlinkSync('../images', path.join(root, 'od/more'));
  symlinkSync('..', path.join(root, 'images/up'));
}
