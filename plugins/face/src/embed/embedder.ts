import * as ort from 'onnxruntime-node';
import { estimateSimilarity, warpSimilarity } from '../align/similarity.js';
import { rgbToTensor } from '@crs/core/image';
import type { Rgb } from '../raster.js';
import type { EmbedderManifest } from '../models/embedderManifest.js';

export function l2normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const k = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  return v.map((x) => x * k);
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/** The service's 0–100 similarity for a cosine: scaled by 100, floored at 0, two decimals. */
export function similarityFromCosine(cos: number): number {
  return Math.round(Math.max(0, Math.min(1, cos)) * 10000) / 100;
}

/** The service's 0–100 similarity of two normalised vectors. */
export function similarityOf(a: Float32Array, b: Float32Array): number {
  return similarityFromCosine(cosine(a, b));
}

/** A face embedding model described by a manifest: aligns, normalises, infers, L2-normalises. */
export class Embedder {
  private constructor(
    readonly manifest: EmbedderManifest,
    private readonly session: ort.InferenceSession,
    private readonly input: string,
    private readonly output: string,
  ) {}

  static async load(manifest: EmbedderManifest, file: string, threads: number): Promise<Embedder> {
    const session = await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const input = manifest.input ?? session.inputNames[0]!;
    const output = manifest.output ?? session.outputNames[0]!;
    if (!session.inputNames.includes(input)) throw new Error(`${file} has no input ${input}`);
    if (!session.outputNames.includes(output)) throw new Error(`${file} has no output ${output}`);
    return new Embedder(manifest, session, input, output);
  }

  get name(): string {
    return this.manifest.name;
  }

  /** The face warped so its landmarks sit on the model's template. */
  align(image: Rgb, landmarks: readonly (readonly [number, number])[], mirror = false): Rgb {
    return warpSimilarity(image, estimateSimilarity(landmarks, this.manifest.template), this.manifest.size, mirror);
  }

  async embed(image: Rgb, landmarks: readonly (readonly [number, number])[]): Promise<{ vector: Float32Array; aligned: Rgb }> {
    const { size, colorOrder, mean, std, flipSum } = this.manifest;
    const aligned = this.align(image, landmarks);
    const views = flipSum ? [aligned, this.align(image, landmarks, true)] : [aligned];
    const area = size * size * 3;
    const batch = new Float32Array(area * views.length);
    views.forEach((v, i) => rgbToTensor(v.data, size, size, { colorOrder, mean, std, layout: 'nchw' }, batch.subarray(i * area, (i + 1) * area)));
    // Exported models often have a fixed batch of 1, so each view runs on its own.
    let sum: Float32Array | null = null;
    for (let i = 0; i < views.length; i++) {
      const feeds = { [this.input]: new ort.Tensor('float32', batch.slice(i * area, (i + 1) * area), [1, 3, size, size]) };
      const out = (await this.session.run(feeds))[this.output]!.data as Float32Array;
      if (!sum) sum = Float32Array.from(out);
      else for (let k = 0; k < sum.length; k++) sum[k]! += out[k]!;
    }
    return { vector: l2normalise(sum!), aligned };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
