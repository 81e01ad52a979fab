/** The per-image record the scan computes once per content hash and the store keeps. */

export type ImageErrorKind =
  | 'empty' // zero bytes
  | 'not-image' // bytes are not an image (e.g. text named .jpg)
  | 'unsupported' // an image format sharp cannot decode
  | 'truncated' // decoding stopped early
  | 'corrupt' // decoder error
  | 'bomb' // more pixels than limitInputPixels allows
  | 'lfs-pointer'; // a Git LFS pointer file: the image's content was not fetched (lfs.ts)

export interface PixelStats {
  /** DataEval PIXEL set, on values scaled to [0,1] */
  mean: number;
  std: number;
  var: number;
  skew: number;
  kurtosis: number;
  /** Shannon entropy (nats) of a 256-bin histogram */
  entropy: number;
  /** fraction of pixels exactly 0 */
  zeros: number;
  /** DataEval VISUAL set: brightness = p25, darkness = p75 (DataEval's own mapping) */
  brightness: number;
  darkness: number;
  contrast: number;
  sharpness: number;
  channelMean: number[];
  channelStd: number[];
}

/** CleanVision scores in [0,1]; an issue when score < its threshold. */
export interface QualityScores {
  dark: number;
  light: number;
  lowInformation: number;
  blurry: number;
  oddAspectRatio: number;
  /** true for 1-channel images and for colour images whose channels are equal */
  grayscale: boolean;
}

export interface ImageRecord {
  /** record format version */
  v: number;
  /** content hash of the file bytes (git blob SHA when tracked, else sha256), hex */
  hash: string;
  bytes: number;
  error?: { kind: ImageErrorKind; message: string };
  width?: number;
  height?: number;
  channels?: number;
  format?: string;
  bitDepth?: number;
  /** EXIF orientation 1..8 when present */
  orientation?: number;
  hasAlpha?: boolean;
  space?: string;
  palette?: boolean;
  /** hash of the decoded pixels at full size (same pixels, different encoding → same value) */
  pixelHash?: string;
  /** 64-bit hashes as 16 hex chars */
  phash?: string;
  phashD4?: string;
  dhash?: string;
  dhashD4?: string;
  /** near-uniform image: perceptual hashes are meaningless, never paired as near duplicates */
  lowVariance?: boolean;
  stats?: PixelStats;
  quality?: QualityScores;
}
