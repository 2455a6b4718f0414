import sharp from 'sharp';
import { prepareImage, rgbToTensor } from '@crs/core/image';
import { describe, expect, it } from 'vitest';
import { NSFW_DESCRIPTOR, NSFW_INCEPTION_DESCRIPTOR } from '../src/classifiers/descriptor.js';
import { resizeBilinearAlignCorners } from '../src/runtime/bilinear.js';
import { toTensor } from '../src/runtime/toTensor.js';

const limits = { maxPixels: 10_000_000, maxFrames: 1 };

describe('toTensor resamples what the descriptor names', async () => {
  // Fine stripes: bilinear sampling of the whole image and of the 512 px frame see them differently.
  const stripes = Buffer.alloc(1024 * 768 * 3);
  for (let i = 0; i < 1024 * 768; i++) stripes.fill((i % 1024) % 3 === 0 ? 255 : 0, i * 3, i * 3 + 3);
  const bytes = await sharp(stripes, { raw: { width: 1024, height: 768, channels: 3 } }).png().toBuffer();

  it('reads the contract frame by default and the decoded original when input.resampleFrom is original', async () => {
    expect(NSFW_DESCRIPTOR.input.resampleFrom).toBe('frame');
    expect(NSFW_INCEPTION_DESCRIPTOR.input.resampleFrom).toBe('original');
    const [frame] = (await prepareImage(bytes, limits, { modelSide: 299, keepOriginal: true })).frames;
    const d = NSFW_INCEPTION_DESCRIPTOR.input;
    const fromOriginal = rgbToTensor(resizeBilinearAlignCorners(stripes, 1024, 768, 299, 299), 299, 299, d);
    const fromFrame = rgbToTensor(resizeBilinearAlignCorners(frame!.data, frame!.width, frame!.height, 299, 299), 299, 299, d);
    expect(await toTensor(frame!, d)).toEqual(fromOriginal);
    expect(await toTensor(frame!, { ...d, resampleFrom: 'frame' })).toEqual(fromFrame);
    expect(fromOriginal.reduce((worst, v, i) => Math.max(worst, Math.abs(v - fromFrame[i]!)), 0)).toBeGreaterThan(0.1);
  });

  it('fails loudly when the image was prepared without its original', async () => {
    const [frame] = (await prepareImage(bytes, limits, { modelSide: 299 })).frames;
    await expect(toTensor(frame!, NSFW_INCEPTION_DESCRIPTOR.input)).rejects.toThrow(/keepOriginal/);
  });
});
