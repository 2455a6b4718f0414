// Reached through the `@crs/core/image` entry point only, so processes that never decode images
// (the API) do not load libvips.
import sharp from 'sharp';
import { CorruptMediaError, ImageTooLargeError, UnsupportedMediaError } from '../errors/index.js';

/** The service contract's working size: images are scaled to fit between these, without distortion. */
export const CONTRACT_MIN_SIDE = 256;
export const CONTRACT_MAX_SIDE = 512;

export interface ImageLimits {
  /** Decompression-bomb guard: more pixels than this (per frame) is refused before decoding. */
  maxPixels: number;
  /** Animated images: at most this many frames, spread evenly, are examined. */
  maxFrames: number;
}

export interface PreparedFrame {
  /** Index of the frame in the original (0 for still images). */
  index: number;
  /** Upright (EXIF orientation applied), in the contract's working size, as raw RGB. */
  data: Buffer;
  width: number;
  height: number;
  /** The same frame at its decoded size (at most ORIGINAL_MAX_PIXELS), when `keepOriginal` asked for it. */
  original?: RgbImage;
}

/**
 * A kept original above this many pixels is scaled down to it: 16 MP is 48 MB of RGB, and a model
 * that resamples from the original reads only a few hundred of its rows.
 */
export const ORIGINAL_MAX_PIXELS = 16_000_000;

export interface PreparedImage {
  /** Size of the original, upright. */
  width: number;
  height: number;
  format: string;
  /** Frames in the original; above 1 for animations. */
  pages: number;
  frames: PreparedFrame[];
}

/**
 * The proportional size the service contract asks for: scaled down to fit in
 * 512×512; when `upscale` is set (the model needs it) a smaller image is scaled
 * up until its short side reaches 256, as far as the 512 bound allows.
 */
export function contractSize(width: number, height: number, upscale: boolean): { width: number; height: number } {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  let scale = Math.min(1, CONTRACT_MAX_SIDE / long);
  if (upscale && short * scale < CONTRACT_MIN_SIDE) scale = Math.min(CONTRACT_MIN_SIDE / short, CONTRACT_MAX_SIDE / long);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Frame indices to examine: all of them up to `max`, else `max` spread evenly from first to last. */
export function sampleFrames(pages: number, max: number): number[] {
  if (pages <= max) return Array.from({ length: pages }, (_, i) => i);
  if (max === 1) return [0];
  return Array.from({ length: max }, (_, i) => Math.round((i * (pages - 1)) / (max - 1)));
}

/** A sharp decoding failure as the error the caller should see; `what` names the input (`image`, `mask`). */
export function imageDecodeError(err: unknown, maxPixels: number, what = 'image'): Error {
  const message = (err as Error).message ?? String(err);
  if (/pixel limit/i.test(message)) {
    return new ImageTooLargeError(`the ${what} has more than ${maxPixels} pixels`, { details: { maxPixels } });
  }
  if (/unsupported image format/i.test(message)) return new UnsupportedMediaError(`the ${what} format cannot be decoded`, { cause: err });
  return new CorruptMediaError(`the ${what} cannot be decoded: ${message.split('\n')[0]}`, { cause: err });
}

export interface PrepareOptions {
  /** The model's own input side: an image whose short side is below it is upscaled by the contract rule. */
  modelSide: number;
  /**
   * Instead of the contract size, scale down only as far as fitting this side:
   * for tasks that need the pixels (OCR reads small print).
   */
  maxSide?: number;
  /**
   * Also keep each frame at its decoded size, for models whose reference implementation resamples
   * the whole photo to its input: from the contract frame their scores drift (nsfwjs' InceptionV3).
   */
  keepOriginal?: boolean;
}

/** A frame upright at its own size, or proportionally down to ORIGINAL_MAX_PIXELS; decoded by libvips' threads. */
async function decodeOriginal(image: sharp.Sharp, width: number, height: number): Promise<RgbImage> {
  const scale = Math.min(1, Math.sqrt(ORIGINAL_MAX_PIXELS / (width * height)));
  let pipeline = image.rotate();
  if (scale < 1) pipeline = pipeline.resize(Math.max(1, Math.floor(width * scale)), Math.max(1, Math.floor(height * scale)), { fit: 'fill' });
  const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Decodes an image the way every image task wants it: refused before decoding
 * when it is a bomb, turned upright, animated images sampled by frame, each
 * frame resized by the contract rule (or to `maxSide`). Corrupt bytes become `corrupt_media`.
 */
export async function prepareImage(bytes: Buffer, limits: ImageLimits, options: PrepareOptions): Promise<PreparedImage> {
  const open = (extra: sharp.SharpOptions = {}) => sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error', ...extra });
  let meta: sharp.Metadata;
  try {
    meta = await open().metadata();
  } catch (err) {
    throw imageDecodeError(err, limits.maxPixels);
  }
  const pages = meta.pages ?? 1;
  const frameHeight = meta.pageHeight ?? meta.height;
  if (!meta.width || !frameHeight) throw new CorruptMediaError('the image has no size');
  if (meta.width * frameHeight > limits.maxPixels) {
    throw new ImageTooLargeError(`the image has ${meta.width}×${frameHeight} pixels; the limit is ${limits.maxPixels}`, {
      details: { maxPixels: limits.maxPixels },
    });
  }
  // Orientations 5–8 swap width and height.
  const swapped = (meta.orientation ?? 1) >= 5;
  const width = swapped ? frameHeight : meta.width;
  const height = swapped ? meta.width : frameHeight;
  const fit = options.maxSide ? Math.min(1, options.maxSide / Math.max(width, height)) : 0;
  const target = options.maxSide
    ? { width: Math.max(1, Math.round(width * fit)), height: Math.max(1, Math.round(height * fit)) }
    : contractSize(width, height, Math.min(width, height) < options.modelSide);
  const frames: PreparedFrame[] = [];
  try {
    for (const index of sampleFrames(pages, limits.maxFrames)) {
      const { data, info } = await open(pages > 1 ? { page: index, pages: 1 } : {})
        .rotate()
        .resize(target.width, target.height, { fit: 'fill' })
        .removeAlpha()
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
      const original = options.keepOriginal ? await decodeOriginal(open(pages > 1 ? { page: index, pages: 1 } : {}), width, height) : undefined;
      frames.push({ index, data, width: info.width, height: info.height, ...(original ? { original } : {}) });
    }
  } catch (err) {
    throw imageDecodeError(err, limits.maxPixels);
  }
  return { width, height, format: meta.format ?? 'unknown', pages, frames };
}

/** Raw interleaved RGB pixels, as models and restoration work on them. */
export interface RgbImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Resized without keeping the aspect ratio (callers choose the size); `kernel` is sharp's. */
export async function resizeRgb(image: RgbImage, width: number, height: number, kernel: keyof sharp.KernelEnum = 'lanczos3'): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel })
    .raw()
    .toBuffer();
  return { data, width, height };
}

/** How a model wants its pixels: channel order, per-channel (value − mean) / std in 0–255 units, and layout. */
export interface TensorLayout {
  colorOrder: 'rgb' | 'bgr';
  mean: readonly number[];
  std: readonly number[];
  layout: 'nchw' | 'nhwc';
}

/** Interleaved RGB values (bytes, or floats on the same 0–255 scale) as one item of a float tensor; written into `into` (a batch slot) when given. */
export function rgbToTensor(pixels: Uint8Array | Float32Array, width: number, height: number, d: TensorLayout, into?: Float32Array): Float32Array {
  const area = width * height;
  const out = into ?? new Float32Array(area * 3);
  const order = d.colorOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  for (let c = 0; c < 3; c++) {
    const source = order[c]!;
    const mean = d.mean[c]!;
    const scale = 1 / d.std[c]!;
    for (let i = 0; i < area; i++) {
      const value = (pixels[i * 3 + source]! - mean) * scale;
      if (d.layout === 'nhwc') out[i * 3 + c] = value;
      else out[c * area + i] = value;
    }
  }
  return out;
}
