import sharp from 'sharp';
import { InvalidRequestError, readMedia, type JobContext, type TaskInput, type TaskOutput } from '@crs/core';
import { imageDecodeError } from '@crs/core/image';
import { planCrops } from './crops.js';
import type { InpaintEngine } from './engines/engine.js';
import { countSet, dilate, drawRegions, maskFromPixels } from './mask.js';
import { blendInto, cropMask, cropRgb, resizeMask, type Box, type Mask, type Rgb } from './raster.js';

type Input = TaskInput<'image.inpaint'>;
type Output = TaskOutput<'image.inpaint'>;

export interface InpaintDeps {
  maxPixels: number;
  engine(name: string): Promise<InpaintEngine>;
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

async function decodeMask(bytes: Buffer, maxPixels: number, width: number, height: number): Promise<Mask> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate().raw().toBuffer({ resolveWithObject: true });
    return resizeMask(maskFromPixels(data, info.width, info.height, info.channels), width, height);
  } catch (err) {
    throw imageDecodeError(err, maxPixels, 'mask');
  }
}

/**
 * Fills `image` in place where `mask` is set, region by region: each part of
 * the mask is cropped with context, filled by the engine at the scale the
 * engine wants, and only the masked pixels go back into the full-resolution
 * original. Returns the regions processed.
 */
export async function fillMasked(
  image: Rgb,
  mask: Mask,
  engine: InpaintEngine,
  options: { radius: number; onCrop?: (done: number, all: number) => Promise<void> },
): Promise<Box[]> {
  const crops = planCrops(mask);
  for (const [i, box] of crops.entries()) {
    const filled = await engine.fill(cropRgb(image, box), cropMask(mask, box), { radius: options.radius });
    blendInto(image, filled, mask, box);
    await options.onCrop?.(i + 1, crops.length);
  }
  return crops;
}

/** The `image.inpaint` task: decodes the image and mask at full resolution, fills, stores the result. */
export async function inpaintImage(input: Input, ctx: JobContext, deps: InpaintDeps): Promise<Output> {
  ctx.signal.throwIfAborted();
  const engine = await deps.engine(input.engine);
  const image = await decodeImage((await readMedia(ctx.blobs, ctx.tenant, input.image)).bytes, deps.maxPixels);
  let mask: Mask = input.mask
    ? await decodeMask((await readMedia(ctx.blobs, ctx.tenant, input.mask)).bytes, deps.maxPixels, image.width, image.height)
    : { data: new Uint8Array(image.width * image.height), width: image.width, height: image.height };
  if (input.regions) drawRegions(mask, input.regions);
  mask = dilate(mask, input.dilate);
  const maskedPixels = countSet(mask);
  if (!maskedPixels) throw new InvalidRequestError('the mask marks no pixel of the image: paint what to fill in white, or give regions inside the image');
  await ctx.progress(10);
  const crops = await fillMasked(image, mask, engine, {
    radius: input.radius,
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
