import * as ort from 'onnxruntime-node';
import { resizeRgb } from '@crs/core/image';
import { resizeMask, type Mask, type Rgb } from '../raster.js';
import type { InpaintEngine } from './engine.js';
import type { InpaintManifest } from './manifest.js';

/** The model's input size for a crop: its fixed side, or the crop scaled to fit `maxSide` and rounded up to `multipleOf`. */
export function modelSize(m: InpaintManifest, width: number, height: number): { width: number; height: number } {
  if (m.size) return { width: m.size, height: m.size };
  const scale = Math.min(1, m.maxSide / Math.max(width, height));
  const up = (v: number) => Math.max(m.multipleOf, Math.ceil((v * scale) / m.multipleOf) * m.multipleOf);
  return { width: up(width), height: up(height) };
}

/**
 * A learned inpainting model on onnxruntime: the crop is resized to the
 * model's size, converted as its manifest says, inferred, and the output
 * resized back to the crop; the caller blends only the masked pixels.
 */
export class OnnxEngine implements InpaintEngine {
  private constructor(
    private readonly manifest: InpaintManifest,
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(manifest: InpaintManifest, file: string, threads: number): Promise<OnnxEngine> {
    const session = await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const names = [manifest.inputs?.image, manifest.inputs?.mask, manifest.output];
    for (const name of names.filter(Boolean)) {
      if (!session.inputNames.includes(name!) && !session.outputNames.includes(name!)) throw new Error(`model ${file} has no input or output ${name}`);
    }
    if (session.inputNames.length < 2) throw new Error(`model ${file} takes ${session.inputNames.length} input; an inpainting model takes an image and a mask`);
    return new OnnxEngine(manifest, session);
  }

  get name(): string {
    return this.manifest.name;
  }

  async fill(crop: Rgb, mask: Mask): Promise<Rgb> {
    const m = this.manifest;
    const size = modelSize(m, crop.width, crop.height);
    const image = await resizeRgb(crop, size.width, size.height, 'cubic');
    const holes = resizeMask(mask, size.width, size.height);
    const area = size.width * size.height;
    const order = m.colorOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
    const [lo, hi] = m.imageRange;
    const k = (hi - lo) / 255;
    const pixels = m.dtype === 'uint8' ? new Uint8Array(area * 3) : new Float32Array(area * 3);
    const maskValues = m.dtype === 'uint8' ? new Uint8Array(area) : new Float32Array(area);
    for (let c = 0; c < 3; c++) for (let i = 0; i < area; i++) pixels[c * area + i] = lo + image.data[i * 3 + order[c]!]! * k;
    for (let i = 0; i < area; i++) maskValues[i] = holes.data[i] ? m.mask.fill : m.mask.keep;
    const [imageName, maskName] = m.inputs ? [m.inputs.image, m.inputs.mask] : this.session.inputNames;
    const feeds = {
      [imageName!]: new ort.Tensor(m.dtype, pixels, [1, 3, size.height, size.width]),
      [maskName!]: new ort.Tensor(m.dtype, maskValues, [1, 1, size.height, size.width]),
    };
    const out = (await this.session.run(feeds))[m.output ?? this.session.outputNames[0]!]!;
    const values = out.data as Float32Array | Uint8Array;
    const [olo, ohi] = m.outputRange === 'auto' ? autoRange(values) : m.outputRange;
    const scale = 255 / (ohi - olo);
    const result = Buffer.alloc(area * 3);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < area; i++) result[i * 3 + order[c]!] = Math.max(0, Math.min(255, Math.round((values[c * area + i]! - olo) * scale)));
    }
    return resizeRgb({ data: result, width: size.width, height: size.height }, crop.width, crop.height, 'cubic');
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** Exports of one model differ: some end in a sigmoid (0–1), some scale to 0–255. */
function autoRange(values: ArrayLike<number>): [number, number] {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max <= 1.5 ? [0, 1] : [0, 255];
}
