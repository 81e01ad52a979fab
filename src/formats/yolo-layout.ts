/** The splits of a YOLO dataset without a data.yaml, from its folder layout. */
import { compareSplits, filesUnder, isImagePath } from './paths.js';
import type { YoloSplitSpec } from './yolo-yaml.js';

/** Splits from the folder layout when there is no yaml. */
export function layoutSplits(files: string[], dirs: Set<string>): { specs: YoloSplitSpec[]; flat: Set<string> } {
  const flat = new Set<string>();
  if (dirs.has('images')) {
    const names = new Set<string>();
    let direct = false;
    for (const f of filesUnder(files, 'images')) {
      if (!isImagePath(f)) continue;
      const rest = f.slice('images/'.length);
      const slash = rest.indexOf('/');
      if (slash < 0) direct = true;
      else names.add(rest.slice(0, slash));
    }
    const specs: YoloSplitSpec[] = [...names].sort(compareSplits).map((n) => ({ name: n, targets: [`images/${n}`] }));
    if (direct) {
      flat.add('images');
      specs.push({ name: '', targets: ['images'] });
    }
    return { specs, flat };
  }
  const roboflow = [...dirs].filter((d) => d && !d.includes('/') && dirs.has(`${d}/images`)).sort(compareSplits);
  if (roboflow.length) return { specs: roboflow.map((d) => ({ name: d, targets: [`${d}/images`] })), flat };
  return { specs: [{ name: '', targets: [''] }], flat };
}
