import { Worker } from 'node:worker_threads';
import type { RasterSetup, TileTensor } from './raster.js';
import type { RasterReply, RasterRequest } from './rasterProtocol.js';

type Request = RasterRequest extends infer R ? (R extends RasterRequest ? Omit<R, 'id'> : never) : never;

/**
 * Built code of the thread: from `src/` (tests) and `dist/` alike it is
 * `dist/rasterWorker.js`, so tests of the sources need the package built.
 */
const WORKER_FILE = new URL('../dist/rasterWorker.js', import.meta.url);

/** Buffers onnxruntime or sharp made may not be detachable; those are copied instead of moved. */
function post(worker: Worker, message: RasterRequest, buffers: ArrayBufferLike[]): void {
  const movable = buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
  try {
    worker.postMessage(message, movable);
  } catch {
    worker.postMessage(message);
  }
}

/**
 * One worker thread per restore, holding the image, the blending band and the
 * result: the job's event loop only passes tiles between it and onnxruntime.
 */
export class RasterThread {
  private next = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: RasterReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(`raster thread: ${reply.message}`));
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`raster thread exited (code ${code})`)));
  }

  static async start(setup: RasterSetup): Promise<RasterThread> {
    const thread = new RasterThread(new Worker(WORKER_FILE));
    try {
      await thread.call({ op: 'setup', setup }, [setup.pixels.buffer]);
    } catch (err) {
      await thread.close();
      throw err;
    }
    return thread;
  }

  tileInput(index: number): Promise<TileTensor> {
    return this.call({ op: 'tile', index }) as Promise<TileTensor>;
  }

  blend(index: number, output: TileTensor): Promise<void> {
    return this.call({ op: 'blend', index, output }, [output.data.buffer]) as Promise<void>;
  }

  finish(): Promise<{ rgb: Uint8Array; alpha: Uint8Array | null }> {
    return this.call({ op: 'finish' }) as Promise<{ rgb: Uint8Array; alpha: Uint8Array | null }>;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private call(request: Request, buffers: ArrayBufferLike[] = []): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      post(this.worker, { ...request, id } as RasterRequest, buffers);
    });
  }
}
