/** Human titles for check ids, grouped into report sections. */

export const CHECK_TITLES: Record<string, string> = {
  'label/parse': 'Malformed label lines and files',
  'label/class-range': 'Class ids out of range',
  'label/orphan': 'Label files without an image',
  'coco/bad-reference': 'Annotations pointing at missing images or categories',
  'image/missing': 'Annotated images missing on disk',
  'image/unlabeled': 'Images without any label file',
  'image/size-mismatch': 'Image size disagrees with the annotation',
  'fs/symlink-escape': 'Links leaving the dataset folder',
  'box/degenerate': 'Zero or negative size boxes',
  'box/out-of-bounds': 'Boxes outside the image',
  'box/tiny': 'Tiny boxes',
  'box/aspect': 'Extreme aspect ratios',
  'box/size-outlier': 'Unusual box sizes for their class',
  'box/too-many': 'Too many boxes in one image',
  'box/duplicate': 'Objects annotated twice',
  'box/conflict': 'Conflicting labels on the same object',
  'class/min-instances': 'Classes under the instance minimum',
  'class/min-images': 'Classes under the image minimum',
  'class/unused': 'Declared classes never used',
  'class/similar-names': 'One class spelled several ways',
  'class/imbalance': 'Class imbalance',
  'split/background-share': 'Background share out of range',
  'split/class-not-trained': 'Classes the training split lacks',
  'split/class-not-evaluated': 'Classes an evaluation split lacks',
  'distribution/outlier': 'Unusual object counts',
  'cooccurrence/rare': 'Rare class pairs',
  'dup/exact': 'Exact duplicate images',
  'dup/pixel': 'Pixel-identical images',
  'dup/near': 'Near-duplicate images',
  'dup/label-conflict': 'Duplicates whose labels disagree',
  'dup/static-frames': 'Consecutive frames with identical labels',
  'leak/duplicate': 'Duplicates across splits (leakage)',
  'leak/same-file': 'Image files listed in two splits (leakage)',
  'leak/group': 'Groups spread across splits (leakage)',
  'image/corrupt': 'Corrupt images',
  'image/truncated': 'Truncated images',
  'image/empty': 'Empty image files',
  'image/not-image': 'Files that are not images',
  'image/unsupported': 'Images in unsupported formats',
  'image/bomb': 'Images over the pixel limit (decompression bombs)',
  'image/exif-rotated': 'EXIF-rotated images with labels',
  'image/16-bit': '16-bit images',
  'image/cmyk': 'CMYK images',
  'image/alpha': 'Images with an alpha channel',
  'image/palette': 'Palette images',
  'quality/dark': 'Very dark images',
  'quality/light': 'Very bright images',
  'quality/low-information': 'Images with little information',
  'quality/blurry': 'Blurry images',
  'quality/odd-aspect-ratio': 'Extreme aspect ratios (images)',
  'quality/odd-size': 'Unusually sized images',
  'quality/grayscale': 'Grayscale images in a colour dataset',
};

export type Section = 'Labels' | 'Boxes' | 'Classes and splits' | 'Duplicates and leakage' | 'Image quality' | 'Files';

export function sectionOf(check: string): Section {
  const head = check.split('/')[0];
  switch (head) {
    case 'label':
    case 'coco':
      return 'Labels';
    case 'box':
      return 'Boxes';
    case 'class':
    case 'split':
    case 'distribution':
    case 'cooccurrence':
      return 'Classes and splits';
    case 'dup':
    case 'leak':
      return 'Duplicates and leakage';
    case 'image':
      return check === 'image/unlabeled' || check === 'image/missing' || check === 'image/size-mismatch' ? 'Files' : 'Image quality';
    case 'quality':
    case 'outlier':
      return 'Image quality';
    default:
      return 'Files';
  }
}

export function titleOf(check: string): string {
  if (CHECK_TITLES[check]) return CHECK_TITLES[check];
  if (check.startsWith('quality/')) return `Image quality: ${check.slice(8).replace(/-/g, ' ')}`;
  if (check.startsWith('outlier/')) return `Outlier on ${check.slice(8).replace(/-/g, ' ')}`;
  if (check.startsWith('image/')) return `Unreadable images: ${check.slice(6).replace(/-/g, ' ')}`;
  return check;
}
