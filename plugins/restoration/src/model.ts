import * as ort from 'onnxruntime-node';
import type { RestoreManifest } from './manifest.js';
import type { TileTensor } from './raster.js';

/**
 * One restoration model on onnxruntime, one session shared by every job of
 * the process. `run` is asynchronous on onnxruntime's own threads, so the
 * event loop is free while a tile is inferred.
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
