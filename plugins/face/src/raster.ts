import sharp from 'sharp';
import type { RgbImage, TensorLayout } from '@crs/core/image';

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

/** YuNet and Silent-Face take BGR 0–255 as it is: no mean, no scaling, planar. */
export const RAW_BGR: TensorLayout = { colorOrder: 'bgr', mean: [0, 0, 0], std: [1, 1, 1], layout: 'nchw' };
