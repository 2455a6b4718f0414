import sharp from 'sharp';
import type { RgbImage } from '@crs/core/image';

export { resizeRgb } from '@crs/core/image';
export type Rgb = RgbImage;

/** The region (clamped to the image by the caller) scaled to `size`×`size`. */
export async function cropResize(image: Rgb, region: { left: number; top: number; width: number; height: number }, size: number): Promise<Rgb> {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract(region)
    .resize(size, size, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data, width: size, height: size };
}

/** Planar float tensor (NCHW without N) with per-channel (v − mean) / std, channels in `order`. */
export function toPlanar(image: Rgb, order: 'rgb' | 'bgr', mean: readonly number[] = [0, 0, 0], std: readonly number[] = [1, 1, 1], into?: Float32Array): Float32Array {
  const area = image.width * image.height;
  const out = into ?? new Float32Array(area * 3);
  const source = order === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  for (let c = 0; c < 3; c++) {
    const s = source[c]!;
    const m = mean[c]!;
    const k = 1 / std[c]!;
    const base = c * area;
    for (let i = 0; i < area; i++) out[base + i] = (image.data[i * 3 + s]! - m) * k;
  }
  return out;
}
