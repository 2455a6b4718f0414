import fs from 'node:fs';
import * as ort from 'onnxruntime-node';
import { decodeModel, encodeModel } from '@crs/core';
import { runPasses, type HoistedPad, type PassReport } from './graphPasses.js';
import type { RestoreManifest } from './manifest.js';
import type { TileTensor } from './raster.js';

/**
 * Session options for restoration, chosen by `scripts/bench.mjs`: the arena
 * stays on (without it every tile allocates its activations anew and a tile
 * costs about twice the CPU); graph optimisation at its highest level, which
 * runs convolutions in onnxruntime's blocked layout with the activation fused.
 */
export const SESSION_OPTIONS = { interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential', enableCpuMemArena: true, enableMemPattern: true } as const;

const NO_PASSES: PassReport = { hoistedPad: null };

/**
 * The model's bytes after the graph passes (see graphPasses.ts), or the file
 * as it is when they change nothing or the model holds what the reader does
 * not handle (it then runs exactly as before).
 */
function prepare(file: string, passes: boolean): { source: string | Uint8Array; report: PassReport } {
  if (!passes) return { source: file, report: NO_PASSES };
  try {
    const spec = decodeModel(fs.readFileSync(file));
    const report = runPasses(spec);
    if (!report.hoistedPad) return { source: file, report };
    return { source: encodeModel(spec), report };
  } catch {
    return { source: file, report: NO_PASSES };
  }
}

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
    readonly passes: PassReport,
  ) {}

  /** `passes: false` runs the file exactly as published (the bench's baseline). */
  static async load(manifest: RestoreManifest, file: string, threads: number, passes = true): Promise<RestoreModel> {
    const { source, report } = prepare(file, passes);
    const options = { ...SESSION_OPTIONS, intraOpNumThreads: threads };
    const session = typeof source === 'string' ? await ort.InferenceSession.create(source, options) : await ort.InferenceSession.create(source, options);
    const input = manifest.input ?? session.inputNames[0]!;
    const output = manifest.output ?? session.outputNames[0]!;
    if (!session.inputNames.includes(input)) throw new Error(`model ${manifest.name} has no input ${input}; it has ${session.inputNames.join(', ')}`);
    if (!session.outputNames.includes(output)) throw new Error(`model ${manifest.name} has no output ${output}; it has ${session.outputNames.join(', ')}`);
    return new RestoreModel(manifest, session, input, output, report);
  }

  /** The same session under another manifest of the same file (other tiling, say). */
  withManifest(manifest: RestoreManifest): RestoreModel {
    return new RestoreModel(manifest, this.session, this.input, this.output, this.passes);
  }

  get name(): string {
    return this.manifest.name;
  }

  /** Context the tiler must add around each tile because the model's own input Pad was removed. */
  get hoistedPad(): HoistedPad | null {
    return this.passes.hoistedPad;
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
