import sharp from 'sharp';
import { rgbToTensor, type PreparedFrame } from '@crs/core/image';
import type { ClassifierDescriptor } from '../classifiers/descriptor.js';
import { resizeBilinearAlignCorners } from './bilinear.js';

/** Float RGB (0–255) as the model lays it out: channel order, (value − mean) / std, NHWC or NCHW. */
function floatsToTensor(values: Float32Array, width: number, height: number, d: ClassifierDescriptor['input']): Float32Array {
  const area = width * height;
  const out = new Float32Array(area * 3);
  const order = d.colorOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  for (let c = 0; c < 3; c++) {
    const source = order[c]!;
    const mean = d.mean[c]!;
    const scale = 1 / d.std[c]!;
    for (let i = 0; i < area; i++) {
      const value = (values[i * 3 + source]! - mean) * scale;
      if (d.layout === 'nhwc') out[i * 3 + c] = value;
      else out[c * area + i] = value;
    }
  }
  return out;
}

/** Resizes an RGB frame to the classifier's input and lays it out as the model expects. */
export async function toTensor(frame: PreparedFrame, d: ClassifierDescriptor['input']): Promise<Float32Array> {
  const { width, height } = d;
  if (d.interpolation === 'bilinear-align-corners' && d.resize === 'fill') {
    return floatsToTensor(resizeBilinearAlignCorners(frame.data, frame.width, frame.height, width, height), width, height, d);
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
