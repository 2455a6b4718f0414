import sharp from 'sharp';
import { rgbToTensor, type PreparedFrame } from '@crs/core/image';
import type { ClassifierDescriptor } from '../classifiers/descriptor.js';
import { resizeBilinearAlignCorners } from './bilinear.js';

/** Resizes an RGB frame (or its original, as the descriptor asks) to the classifier's input and lays it out as the model expects. */
export async function toTensor(prepared: PreparedFrame, d: ClassifierDescriptor['input']): Promise<Float32Array> {
  const { width, height } = d;
  const frame = d.resampleFrom === 'original' ? prepared.original : prepared;
  if (!frame) throw new Error('the classifier resamples from the original frame, but the image was prepared without keepOriginal');
  if (d.interpolation === 'bilinear-align-corners' && d.resize === 'fill') {
    return rgbToTensor(resizeBilinearAlignCorners(frame.data, frame.width, frame.height, width, height), width, height, d);
  }
  const pixels =
    frame.width === width && frame.height === height
      ? frame.data
      : await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } })
          .resize(width, height, { fit: d.resize, background: { r: 0, g: 0, b: 0 } })
          .raw()
          .toBuffer();
  return rgbToTensor(pixels, width, height, d);
}
