import sharp from 'sharp';
import { readMedia, type JobContext, type TaskInput, type TaskOutput } from '@crs/core';
import { imageDecodeError } from '@crs/core/image';
import type { InpaintEngine } from './engines/engine.js';
import { cropMask, cropRgb, pasteCrop, type Box, type Mask, type Rgb } from './raster.js';
import type { Raster } from './rasterPool.js';
import type { MaskRequest } from './rasterTasks.js';

type Input = TaskInput<'image.inpaint'>;
type Output = TaskOutput<'image.inpaint'>;

export interface InpaintDeps {
  maxPixels: number;
  engine(name: string): Promise<InpaintEngine>;
  /** Where the CPU-heavy steps run: the plugin's worker threads. */
  raster: Raster;
}

/** Full resolution, upright, RGB: restoration keeps every pixel it does not fill. */
async function decodeImage(bytes: Buffer, maxPixels: number): Promise<Rgb> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (err) {
    throw imageDecodeError(err, maxPixels, 'image');
  }
}

/** The mask image's pixels as decoded; reading its white and scaling it are the raster thread's. */
async function decodeMask(bytes: Buffer, maxPixels: number): Promise<NonNullable<MaskRequest['image']>> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (err) {
    throw imageDecodeError(err, maxPixels, 'mask');
  }
}

/**
 * Fills `image` in place where `mask` is set, region by region: each part of
 * the mask is cropped with context, filled by the engine at the scale the
 * engine wants, and only the masked pixels go back into the full-resolution
 * original. Copying crops in and out is all that runs here; the rest runs
 * where `raster` puts it. Returns the regions processed.
 */
export async function fillMasked(
  image: Rgb,
  mask: Mask,
  engine: InpaintEngine,
  options: { radius: number; raster: Raster; crops: Box[]; signal?: AbortSignal | undefined; onCrop?: (done: number, all: number) => Promise<void> },
): Promise<Box[]> {
  const { crops, raster, signal } = options;
  for (const [i, box] of crops.entries()) {
    const filled = await engine.fill(cropRgb(image, box), cropMask(mask, box), { radius: options.radius, raster, signal });
    pasteCrop(image, filled, box);
    await options.onCrop?.(i + 1, crops.length);
  }
  return crops;
}

/** The `image.inpaint` task: decodes the image and mask at full resolution, fills, stores the result. */
export async function inpaintImage(input: Input, ctx: JobContext, deps: InpaintDeps): Promise<Output> {
  ctx.signal.throwIfAborted();
  const engine = await deps.engine(input.engine);
  const image = await decodeImage((await readMedia(ctx.blobs, ctx.tenant, input.image)).bytes, deps.maxPixels);
  const maskImage = input.mask ? await decodeMask((await readMedia(ctx.blobs, ctx.tenant, input.mask)).bytes, deps.maxPixels) : undefined;
  const { mask, maskedPixels, crops } = await deps.raster.prepareMask(
    { width: image.width, height: image.height, image: maskImage, regions: input.regions, dilate: input.dilate },
    ctx.signal,
  );
  await ctx.progress(10);
  await fillMasked(image, mask, engine, {
    radius: input.radius,
    raster: deps.raster,
    crops,
    signal: ctx.signal,
    async onCrop(done, all) {
      ctx.signal.throwIfAborted();
      await ctx.progress(10 + Math.round((80 * done) / all));
    },
  });
  const raw = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  const bytes = input.format === 'jpeg' ? await raw.jpeg({ quality: 92 }).toBuffer() : await raw.png().toBuffer();
  const fileId = await ctx.storeMedia(bytes, input.format === 'jpeg' ? 'image/jpeg' : 'image/png');
  return { fileId, url: `/v1/files/${fileId}`, width: image.width, height: image.height, format: input.format, engine: engine.name, maskedPixels, crops };
}
