import * as ort from 'onnxruntime-node';

interface Pending {
  input: Float32Array;
  resolve: (out: Float32Array) => void;
  reject: (err: unknown) => void;
}

export interface SessionOptions {
  /** 0 lets onnxruntime use one thread per core. */
  intraOpThreads: number;
  maxBatch: number;
}

/**
 * One onnxruntime session shared by every job of the process. Images that
 * arrive while a batch is running wait and go together in the next one, so
 * concurrent jobs share inference without anyone waiting on a timer.
 */
export class BatchingSession {
  private readonly pending: Pending[] = [];
  private running = false;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly inputName: string,
    private readonly outputName: string,
    private readonly shape: readonly number[],
    private readonly maxBatch: number,
  ) {}

  /** `shape` is one item's shape without the batch dimension, in the model's layout. */
  static async create(file: string, names: { input?: string; output?: string }, shape: number[], options: SessionOptions): Promise<BatchingSession> {
    const session = await ort.InferenceSession.create(file, {
      intraOpNumThreads: options.intraOpThreads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    });
    const input = names.input ?? session.inputNames[0]!;
    const output = names.output ?? session.outputNames[0]!;
    if (!session.inputNames.includes(input)) throw new Error(`model ${file} has no input ${input} (it has ${session.inputNames.join(', ')})`);
    if (!session.outputNames.includes(output)) throw new Error(`model ${file} has no output ${output} (it has ${session.outputNames.join(', ')})`);
    return new BatchingSession(session, input, output, shape, options.maxBatch);
  }

  get itemSize(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  run(input: Float32Array): Promise<Float32Array> {
    if (input.length !== this.itemSize) return Promise.reject(new Error(`expected ${this.itemSize} values, got ${input.length}`));
    return new Promise((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          const data = new Float32Array(batch.length * this.itemSize);
          batch.forEach((p, i) => data.set(p.input, i * this.itemSize));
          const feeds = { [this.inputName]: new ort.Tensor('float32', data, [batch.length, ...this.shape]) };
          const out = (await this.session.run(feeds))[this.outputName]!;
          const values = out.data as Float32Array;
          const per = values.length / batch.length;
          batch.forEach((p, i) => p.resolve(values.slice(i * per, (i + 1) * per)));
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
