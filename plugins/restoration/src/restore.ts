import sharp from 'sharp';
import { CorruptMediaError, fileUrl, ImageTooLargeError, readMedia, type JobContext, type TaskInput, type TaskOutput } from '@crs/core';
import { imageDecodeError } from '@crs/core/image';
import { defaultModel, denoiseLevel } from './choose.js';
import type { ModelRef } from './rasterProtocol.js';
import type { RestoreThreadPool, RestoredPixels, ThreadRunOptions } from './restoreThreads.js';

type Input = TaskInput<'image.restore'>;
type Output = TaskOutput<'image.restore'>;

export interface RestoreDeps {
  /** Decompression-bomb guard on the input, and the most pixels a result may have. */
  maxPixels: number;
  model(name: string): Promise<ModelRef>;
  threads: RestoreThreadPool;
}

export interface DecodedImage {
  /** Interleaved 8-bit RGB or RGBA, upright. */
  pixels: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/**
 * The first frame, upright (EXIF orientation applied), in sRGB, alpha kept.
 * Refused before decoding when the input or the result would be too large.
 */
export async function decodeForRestore(bytes: Buffer, maxPixels: number, scale: number): Promise<DecodedImage> {
  const open = () => sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' });
  let meta: sharp.Metadata;
  try {
    meta = await open().metadata();
  } catch (err) {
    throw imageDecodeError(err, maxPixels);
  }
  const frameHeight = meta.pageHeight ?? meta.height;
  if (!meta.width || !frameHeight) throw new CorruptMediaError('the image has no size');
  const swapped = (meta.orientation ?? 1) >= 5;
  const width = swapped ? frameHeight : meta.width;
  const height = swapped ? meta.width : frameHeight;
  if (width * height * scale * scale > maxPixels) {
    throw new ImageTooLargeError(
      `the result would be ${width * scale}×${height * scale} pixels; the limit is ${maxPixels} (IMAGE_MAX_PIXELS): ask for a smaller scale or send a smaller image`,
      { details: { maxPixels, width: width * scale, height: height * scale } },
    );
  }
  try {
    const upright = open().rotate().toColourspace('srgb');
    const { data, info } = await (meta.hasAlpha ? upright.ensureAlpha() : upright.removeAlpha()).raw().toBuffer({ resolveWithObject: true });
    return { pixels: data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3 };
  } catch (err) {
    throw imageDecodeError(err, maxPixels);
  }
}

/**
 * Runs the model over the image in overlapping tiles on a restore thread
 * (cutting, inference and blending all happen there). A cancel is noticed
 * between tiles. Returns the model-scale RGB and the original alpha.
 */
export function upscaleTiles(pool: RestoreThreadPool, image: DecodedImage, model: ModelRef, options: ThreadRunOptions = {}): Promise<RestoredPixels> {
  return pool.run(model, image, options);
}

/** The model's result at the size asked for (bicubic when the model's own scale differs), alpha scaled bicubically and joined. */
async function compose(
  restored: { rgb: Uint8Array; alpha: Uint8Array | null; width: number; height: number },
  source: { width: number; height: number },
  width: number,
  height: number,
  format: Input['format'],
): Promise<{ bytes: Buffer; alpha: boolean }> {
  let image = sharp(restored.rgb, { raw: { width: restored.width, height: restored.height, channels: 3 } });
  if (restored.width !== width || restored.height !== height) {
    image = sharp(await image.resize(width, height, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer(), { raw: { width, height, channels: 3 } });
  }
  if (restored.alpha) {
    const alpha = await sharp(restored.alpha, { raw: { width: source.width, height: source.height, channels: 1 } })
      .resize(width, height, { fit: 'fill', kernel: 'cubic' })
      // One band in, one band out: without this sharp writes the plane as three (grey as sRGB).
      .extractChannel(0)
      .raw()
      .toBuffer();
    image = image.joinChannel(alpha, { raw: { width, height, channels: 1 } });
    // JPEG has no alpha: transparent parts go onto white rather than showing whatever colour they hid.
    if (format === 'jpeg') image = image.flatten({ background: '#ffffff' });
  }
  const bytes = format === 'jpeg' ? await image.jpeg({ quality: 92 }).toBuffer() : format === 'webp' ? await image.webp({ quality: 90 }).toBuffer() : await image.png().toBuffer();
  return { bytes, alpha: Boolean(restored.alpha) && format !== 'jpeg' };
}

const CONTENT_TYPES = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;

/** The `image.restore` task: decode, choose the model, restore tile by tile, store the result. */
export async function restoreImage(input: Input, ctx: JobContext, deps: RestoreDeps): Promise<Output> {
  ctx.signal.throwIfAborted();
  const level = denoiseLevel(input.denoise);
  const model = await deps.model(input.model ?? defaultModel(input.scale, level));
  const image = await decodeForRestore((await readMedia(ctx.blobs, ctx.tenant, input.image)).bytes, deps.maxPixels, input.scale);
  await ctx.progress(5);
  const restored = await upscaleTiles(deps.threads, image, model, {
    signal: ctx.signal,
    onTile: (done, all) => ctx.progress(5 + Math.round((85 * done) / all)),
  });
  ctx.signal.throwIfAborted();
  const width = image.width * input.scale;
  const height = image.height * input.scale;
  const { bytes, alpha } = await compose(restored, image, width, height, input.format);
  const fileId = await ctx.storeMedia(bytes, CONTENT_TYPES[input.format]);
  return {
    fileId,
    url: fileUrl(fileId),
    width,
    height,
    format: input.format,
    model: model.manifest.name,
    scale: input.scale,
    denoise: model.manifest.denoise,
    tiles: restored.tiles,
    alpha,
  };
}
