import * as ort from 'onnxruntime-node';
import { resizeRgb } from '@crs/core/image';
import type { Mask, Rgb } from '../raster.js';
import type { FillOptions, InpaintEngine } from './engine.js';
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

  /**
   * Resizing is sharp's (off the event loop), inference onnxruntime's own
   * threads; the per-pixel conversions and the blend run where `raster` puts them.
   */
  async fill(crop: Rgb, mask: Mask, { raster, signal }: FillOptions): Promise<Rgb> {
    const m = this.manifest;
    const size = modelSize(m, crop.width, crop.height);
    const image = await resizeRgb(crop, size.width, size.height, 'cubic');
    const { pixels, holes } = await raster.modelInput({ format: m, image, mask }, signal);
    const [imageName, maskName] = m.inputs ? [m.inputs.image, m.inputs.mask] : this.session.inputNames;
    const feeds = {
      [imageName!]: new ort.Tensor(m.dtype, pixels, [1, 3, size.height, size.width]),
      [maskName!]: new ort.Tensor(m.dtype, holes, [1, 1, size.height, size.width]),
    };
    signal?.throwIfAborted();
    const out = (await this.session.run(feeds))[m.output ?? this.session.outputNames[0]!]!;
    const result = await raster.modelOutput({ format: m, values: out.data as Float32Array | Uint8Array, width: size.width, height: size.height }, signal);
    const filled = await resizeRgb(result, crop.width, crop.height, 'cubic');
    return raster.blend({ crop, filled, mask }, signal);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
