/** Tell the dataset format from file names alone (readers then check the contents). */
import type { DatasetFormat } from '../model.js';
import { baseOf, dirOf, extOf } from './paths.js';

export interface Detected {
  format: DatasetFormat;
  /** the yaml (YOLO) that describes the dataset, relative to the root */
  entry?: string;
}

export const LOOKED_FOR = [
  'a data.yaml or other dataset yaml (YOLO / Ultralytics / Roboflow)',
  'labels/*.txt next to images/ (YOLO without a yaml)',
  'instances_*.json, *.coco.json or a JSON with images, annotations and categories (COCO)',
  'Annotations/*.xml or annotations/*.xml (Pascal VOC)',
];

const IGNORED_YAML = /^\.|^(\.?dataset-qc|action|docker-compose|mkdocs|environment|requirements)\.ya?ml$/i;

/** yaml files a dataset could be described by, best first: data.yaml, dataset.yaml, then by name */
export function yamlCandidates(files: string[], depth: number): string[] {
  const out = files.filter((f) => {
    // the extension first: most files are images and labels (no split per file)
    const ext = extOf(f);
    if (ext !== 'yaml' && ext !== 'yml') return false;
    const parts = f.split('/');
    return parts.length - 1 === depth && !IGNORED_YAML.test(baseOf(f)) && !parts.some((s) => s.startsWith('.'));
  });
  const rank = (f: string) => (/^data\.ya?ml$/i.test(baseOf(f)) ? 0 : /^dataset\.ya?ml$/i.test(baseOf(f)) ? 1 : 2);
  return out.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

export function isCocoName(f: string): boolean {
  const b = baseOf(f);
  return extOf(f) === 'json' && (/^instances_/i.test(b) || /\.coco\.json$/i.test(b) || /(^|\/)annotations$/i.test(dirOf(f)));
}

export function detectFormat(files: string[]): Detected | undefined {
  const top = yamlCandidates(files, 0);
  if (top.length) return { format: 'yolo', entry: top[0]! };
  if (files.some(isCocoName)) return { format: 'coco' };
  let xml = 0;
  let vocXml = 0;
  let labelTxt = 0;
  let json = 0;
  for (const f of files) {
    const ext = extOf(f);
    if (ext === 'xml') {
      xml++;
      if (/(^|\/)annotations$/i.test(dirOf(f))) vocXml++;
    } else if (ext === 'txt') {
      if (/(^|\/)labels(\/|$)/.test(dirOf(f))) labelTxt++;
    } else if (ext === 'json') json++;
  }
  if (vocXml) return { format: 'voc' };
  const nested = yamlCandidates(files, 1);
  if (nested.length === 1) return { format: 'yolo', entry: nested[0]! };
  if (labelTxt) return { format: 'yolo' };
  if (xml) return { format: 'voc' };
  if (json) return { format: 'coco' };
  if (files.some((f) => /^(classes\.txt|obj\.names)$/.test(baseOf(f)))) return { format: 'yolo' };
  return undefined;
}
