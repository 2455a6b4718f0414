import * as ort from 'onnxruntime-node';
import { rgbToTensor } from '@crs/core/image';
import { cropResize, RAW_BGR, type Rgb } from '../raster.js';
import type { LivenessModel } from '../models/files.js';

/**
 * Silent-Face's crop: the box scaled about its centre by `scale`, the scale
 * lowered where the image is too small for it, and the box shifted back
 * inside the image rather than cut.
 */
export function livenessCrop(box: { x: number; y: number; width: number; height: number }, image: { width: number; height: number }, wanted: number) {
  const scale = Math.min((image.height - 1) / box.height, (image.width - 1) / box.width, wanted);
  const w = box.width * scale;
  const h = box.height * scale;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  let left = cx - w / 2, top = cy - h / 2;
  left = Math.max(0, Math.min(left, image.width - w));
  top = Math.max(0, Math.min(top, image.height - h));
  return {
    left: Math.round(left),
    top: Math.round(top),
    width: Math.max(1, Math.min(image.width - Math.round(left), Math.round(w))),
    height: Math.max(1, Math.min(image.height - Math.round(top), Math.round(h))),
  };
}

function softmax(logits: Float32Array): number[] {
  const max = Math.max(...logits);
  const e = [...logits].map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** One Silent-Face model: BGR, raw 0–255 (the repo does not divide by 255), softmax over three classes. */
export class LivenessNet {
  private constructor(
    readonly model: LivenessModel,
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(model: LivenessModel, file: string, threads: number): Promise<LivenessNet> {
    return new LivenessNet(model, await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' }));
  }

  /** Probability that the face in `box` is real. */
  async score(image: Rgb, box: { x: number; y: number; width: number; height: number }): Promise<number> {
    const { size, scale, realClass } = this.model;
    const crop = await cropResize(image, livenessCrop(box, image, scale), size);
    const input = new ort.Tensor('float32', rgbToTensor(crop.data, size, size, RAW_BGR), [1, 3, size, size]);
    const out = await this.session.run({ [this.session.inputNames[0]!]: input });
    return softmax(out[this.session.outputNames[0]!]!.data as Float32Array)[realClass]!;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
