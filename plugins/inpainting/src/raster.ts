import type { RgbImage } from '@crs/core/image';

export type Rgb = RgbImage;

/** One byte per pixel, 1 where the pixel is to be filled. */
export interface Mask {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Nearest-neighbour, so a mask stays binary at any size. */
export function resizeMask(mask: Mask, width: number, height: number): Mask {
  if (mask.width === width && mask.height === height) return mask;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(mask.height - 1, Math.floor(((y + 0.5) * mask.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(mask.width - 1, Math.floor(((x + 0.5) * mask.width) / width));
      out[y * width + x] = mask.data[sy * mask.width + sx]!;
    }
  }
  return { data: out, width, height };
}

export function cropRgb(image: Rgb, box: Box): Rgb {
  const data = Buffer.alloc(box.width * box.height * 3);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * image.width + box.x) * 3;
    image.data.copy(data, y * box.width * 3, from, from + box.width * 3);
  }
  return { data, width: box.width, height: box.height };
}

export function cropMask(mask: Mask, box: Box): Mask {
  const data = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (box.y + y) * mask.width + box.x;
    data.set(mask.data.subarray(from, from + box.width), y * box.width);
  }
  return { data, width: box.width, height: box.height };
}

/**
 * A copy of `crop` with the pixels of `filled` where `mask` (the crop's) is
 * set: every pixel outside the mask keeps its original value exactly.
 */
export function blendCrop(crop: Rgb, filled: { data: Uint8Array }, mask: Mask): Rgb {
  const data = Buffer.from(crop.data);
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    const at = i * 3;
    data[at] = filled.data[at]!;
    data[at + 1] = filled.data[at + 1]!;
    data[at + 2] = filled.data[at + 2]!;
  }
  return { data, width: crop.width, height: crop.height };
}

/** Writes a crop back into the full image at `box`, row by row. */
export function pasteCrop(image: Rgb, crop: Rgb, box: Box): void {
  for (let y = 0; y < box.height; y++) {
    const to = ((box.y + y) * image.width + box.x) * 3;
    crop.data.copy(image.data, to, y * box.width * 3, (y + 1) * box.width * 3);
  }
}
