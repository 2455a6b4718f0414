import * as ort from 'onnxruntime-node';
import type { RestoreManifest } from './manifest.js';
import type { TileTensor } from './raster.js';

/**
 * One restoration model on onnxruntime. Its `run` blocks the calling thread
 * until the tile is inferred (onnxruntime-node runs it synchronously, on its
 * own intra-op threads), so it is only used inside a restore thread.
 */
export class RestoreModel {
  private constructor(
    readonly manifest: RestoreManifest,
    private readonly session: ort.InferenceSession,
    private readonly input: string,
    private readonly output: string,
  ) {}

  static async load(manifest: RestoreManifest, file: string, threads: number): Promise<RestoreModel> {
    const session = await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const input = manifest.input ?? session.inputNames[0]!;
    const output = manifest.output ?? session.outputNames[0]!;
    if (!session.inputNames.includes(input)) throw new Error(`model ${manifest.name} has no input ${input}; it has ${session.inputNames.join(', ')}`);
    if (!session.outputNames.includes(output)) throw new Error(`model ${manifest.name} has no output ${output}; it has ${session.outputNames.join(', ')}`);
    return new RestoreModel(manifest, session, input, output);
  }

  /** The same session under another manifest of the same file (other tiling, say). */
  withManifest(manifest: RestoreManifest): RestoreModel {
    return new RestoreModel(manifest, this.session, this.input, this.output);
  }

  get name(): string {
    return this.manifest.name;
  }

  async run(tile: TileTensor): Promise<TileTensor> {
    const feeds = { [this.input]: new ort.Tensor(this.manifest.dtype, tile.data, [1, 3, tile.height, tile.width]) };
    const out = (await this.session.run(feeds))[this.output]!;
    const [, channels, height, width] = out.dims as number[];
    if (channels !== 3) throw new Error(`model ${this.name} returned ${channels} channels; restoration models return RGB`);
    return { data: out.data as Float32Array | Uint16Array, width: width!, height: height! };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
