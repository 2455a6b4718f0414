import type { PreparedFrame } from '@crs/core/image';
import { BatchingSession, type SessionOptions } from '../runtime/batchingSession.js';
import { toTensor } from '../runtime/toTensor.js';
import type { ClassifierDescriptor } from './descriptor.js';

function activate(values: Float32Array, activation: ClassifierDescriptor['output']['activation']): number[] {
  const v = Array.from(values);
  if (activation === 'sigmoid') return v.map((x) => 1 / (1 + Math.exp(-x)));
  if (activation === 'softmax') {
    const max = Math.max(...v);
    const exp = v.map((x) => Math.exp(x - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    return exp.map((x) => x / sum);
  }
  return v;
}

/** A loaded classifier: its description and the session that runs it. */
export class Classifier {
  private constructor(
    readonly descriptor: ClassifierDescriptor,
    private readonly session: BatchingSession,
  ) {}

  /** `file` is the model's path, found by the caller under the model directories or the cache. */
  static async load(descriptor: ClassifierDescriptor, file: string, options: SessionOptions): Promise<Classifier> {
    const { input, output } = descriptor;
    const shape = input.layout === 'nhwc' ? [input.height, input.width, 3] : [3, input.height, input.width];
    const session = await BatchingSession.create(file, { input: input.name, output: output.name }, shape, options);
    return new Classifier(descriptor, session);
  }

  /** Class probabilities by label. */
  async classify(frame: PreparedFrame): Promise<Record<string, number>> {
    const raw = await this.session.run(await toTensor(frame, this.descriptor.input));
    const { labels } = this.descriptor;
    if (raw.length !== labels.length) {
      throw new Error(`classifier ${this.descriptor.name} returned ${raw.length} values for ${labels.length} labels`);
    }
    const probabilities = activate(raw, this.descriptor.output.activation);
    return Object.fromEntries(labels.map((label, i) => [label, probabilities[i]!]));
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
