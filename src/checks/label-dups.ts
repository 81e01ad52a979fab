/**
 * Label-aware duplicate checks (warnings):
 *   - dup/label-conflict: images of one duplicate group (duplicates.ts) whose labels disagree —
 *     different class multisets, or boxes that do not pair up at IoU ≥ duplicateLabels.iou after
 *     greedy same-class matching. Links are compared pairwise as found (exact and pixel copies via
 *     the group's first image, near duplicates as paired by the hash). Geometry rules:
 *       · exact, pixel-identical, and near copies of the same pixel size (re-encoded,
 *         brightness-shifted, mirrored): normalised boxes must match at duplicateLabels.iou (0.95);
 *       · near copies of different pixel sizes: duplicateLabels.resizedIou (0.5) — a resize keeps
 *         normalised boxes but a crop moves them, and a 4-pixel crop of 320×240 to 312×234 keeps
 *         the aspect ratio exactly, so the two cannot be told apart from the records;
 *       · rotated/mirrored copies (found only by the flip-invariant hash): the boxes of one image
 *         are compared against all 8 rotations/flips of the other's and the best one counts, so a
 *         mirrored copy with mirrored boxes agrees.
 *     Near duplicates further apart than duplicateLabels.maxDistance (default 4 of 64 bits) are not
 *     compared: on ../shared/datasets the pairs at 4–8 are burst shots and shifted microscope
 *     fields whose objects moved, while planted re-encoded/resized/brightness-shifted copies sit
 *     at 0–6 (median 0–2).
 *     An image with no annotation at all (unlabeled) is not compared (image/unlabeled reports it);
 *     a deliberate background (empty label file) is compared, so "no objects" vs "a car" disagrees.
 *     COCO crowd regions are left out.
 *   - dup/static-frames: visually distinct images (not in one duplicate group) with identical
 *     label sets that are adjacent in a sequence: same folder, the same name around a numeric
 *     frame index (video_0001.jpg, video_0002.jpg), next to each other when sorted by that index.
 *     Frames of one sequence have one size, so images of different sizes are never paired
 *     (numbered web images such as raccoon-125.jpg / raccoon-126.jpg are not frames).
 *     Runs of such frames give one finding. Frames without boxes, or whose boxes all cover ≥ 90 %
 *     of the image (whole-image labels), are not compared.
 */
import type { CheckResult, Finding } from '../findings.js';
import { finding } from '../findings.js';
import { enabled } from './context.js';
import { listPaths, MAX_RELATED } from './dup-describe.js';
import { byPath, type DupGroup, type DupLink, type DuplicateAnalysis } from './duplicates.js';
import { sequences } from './frame-sequences.js';
import type { ImageContext } from './images.js';
import { describeLabels, disagreement, fullFrame, lbox, orientationsOf, type LBox } from './label-compare.js';
import { plural } from './robust.js';

export { sequences };

export interface LabelDupStats {
  /** duplicate links whose two images both have annotations, and those that disagree */
  comparedLinks: number;
  conflictingLinks: number;
  conflictGroups: number;
  /** adjacent frame pairs compared, runs of static frames found and the frames in them */
  framePairs: number;
  staticRuns: number;
  staticFrames: number;
}

const MAX_PAIRS_NAMED = 3;

export function labelDuplicates(ix: ImageContext, dups: DuplicateAnalysis): CheckResult<LabelDupStats> {
  const { ds, cfg, byImage } = ix.cx;
  const t = cfg.thresholds.duplicateLabels;
  const st: LabelDupStats = { comparedLinks: 0, conflictingLinks: 0, conflictGroups: 0, framePairs: 0, staticRuns: 0, staticFrames: 0 };
  const findings: Finding[] = [];
  const labels = (i: number): LBox[] | undefined =>
    ds.images[i]!.labelState === 'unlabeled' ? undefined : (byImage[i] ?? []).filter((b) => !b.crowd).map(lbox);
  const describe = (i: number) => describeLabels(labels(i) ?? [], ix.cx.nameOf);

  if (enabled(t.severity)) {
    for (const g of dups.groups) {
      const bad: { link: DupLink; reason: string }[] = [];
      for (const link of g.links) {
        if (link.kind === 'near' && link.distance > t.maxDistance) continue;
        const A = labels(link.a);
        const B = labels(link.b);
        if (!A || !B) continue;
        st.comparedLinks++;
        const iou = link.kind === 'near' && !sameSize(ix, link.a, link.b) ? t.resizedIou : t.iou;
        const reason = disagreement(A, B, iou, orientationsOf(link));
        if (reason) bad.push({ link, reason });
      }
      if (!bad.length) continue;
      st.conflictingLinks += bad.length;
      st.conflictGroups++;
      findings.push(conflictFinding(ix, g, bad, describe, t.severity));
    }
  }

  const staticSev = t.staticFrames;
  if (enabled(staticSev)) {
    const groupOf = new Map<number, number>();
    dups.groups.forEach((g, k) => g.members.forEach((i) => groupOf.set(i, k)));
    for (const seq of sequences(ds.images)) {
      let run: number[] = [];
      const flush = () => {
        if (run.length >= 2) {
          st.staticRuns++;
          st.staticFrames += run.length;
          findings.push(staticFinding(ix, run, describe(run[0]!), staticSev));
        }
        run = [];
      };
      for (let k = 1; k < seq.length; k++) {
        const a = seq[k - 1]!;
        const b = seq[k]!;
        const rs = ix.records;
        const A = labels(a);
        const B = labels(b);
        let same = false;
        const sameSize = rs.int('width', a) === rs.int('width', b) && rs.int('height', a) === rs.int('height', b);
        if (rs.usable(a) && rs.usable(b) && sameSize && A?.length && B?.length && !(groupOf.has(a) && groupOf.get(a) === groupOf.get(b))) {
          if (!A.every(fullFrame) || !B.every(fullFrame)) {
            st.framePairs++;
            same = disagreement(A, B, t.iou, [0]) === undefined;
          }
        }
        if (same) {
          if (!run.length) run.push(a);
          run.push(b);
        } else flush();
      }
      flush();
    }
  }
  return { id: 'label-dups', stats: st, findings };
}

function conflictFinding(
  ix: ImageContext,
  g: DupGroup,
  bad: { link: DupLink; reason: string }[],
  describe: (i: number) => string,
  severity: 'error' | 'warning' | 'info',
): Finding {
  const { ds } = ix.cx;
  const p = (i: number) => ds.images[i]!.path;
  const involved = [...new Set(bad.flatMap((b) => [b.link.a, b.link.b]))].sort((x, y) => byPath(p(x), p(y)));
  const how = (l: DupLink) =>
    l.kind === 'exact' ? 'byte-identical' : l.kind === 'pixel' ? 'pixel-identical' : l.flipped ? `a rotated/mirrored near duplicate (distance ${l.distance})` : `near duplicates (distance ${l.distance})`;
  const pairs = bad.slice(0, MAX_PAIRS_NAMED).map(
    ({ link, reason }) => `${p(link.a)} and ${p(link.b)} are ${how(link)}, but ${reason} (${p(link.a)}: ${describe(link.a)}; ${p(link.b)}: ${describe(link.b)})`,
  );
  const more = bad.length > MAX_PAIRS_NAMED ? ` ${plural(bad.length - MAX_PAIRS_NAMED, 'more pair')} disagree.` : '';
  const nearOnly = bad.every((b) => b.link.kind === 'near');
  const advice = nearOnly
    ? ' If one image is a copy of the other, one label set is wrong; if they are different moments of one scene, the difference is expected.'
    : ' The same pixels should carry the same labels: one of the label sets is wrong or incomplete.';
  return finding({
    check: 'dup/label-conflict',
    severity,
    path: p(involved[0]!),
    key: g.key,
    related: involved.slice(1, 1 + MAX_RELATED).map(p),
    message: `Duplicate images with different labels: ${pairs.join('. ')}.${more}${advice}`,
    data: {
      kind: g.kind,
      pairs: bad.slice(0, 50).map(({ link, reason }) => ({ a: p(link.a), b: p(link.b), kind: link.kind, distance: link.distance, reason })),
    },
  });
}

function staticFinding(ix: ImageContext, run: number[], labelText: string, severity: 'error' | 'warning' | 'info'): Finding {
  const { ds } = ix.cx;
  const paths = run.map((i) => ds.images[i]!.path);
  return finding({
    check: 'dup/static-frames',
    severity,
    path: paths[0]!,
    key: `${paths[0]}|${paths[paths.length - 1]}`,
    related: paths.slice(1, 1 + MAX_RELATED),
    message:
      `${paths.length} consecutive frames have identical labels (${labelText}) although the images differ: ${listPaths(paths, 6)}. ` +
      'Either nothing moved (redundant frames that add no information) or the labels were copied forward without being updated.',
    data: { frames: paths.slice(0, MAX_RELATED), count: paths.length },
  });
}

/** Same pixel size (either orientation): a re-encoded, brightness-shifted or mirrored/rotated copy. */
function sameSize(ix: ImageContext, a: number, b: number): boolean {
  const [wa, ha, wb, hb] = [ix.records.int('width', a), ix.records.int('height', a), ix.records.int('width', b), ix.records.int('height', b)];
  if (!wa || !ha || !wb || !hb) return false;
  return (wa === wb && ha === hb) || (wa === hb && ha === wb);
}
