import { Worker } from 'node:worker_threads';
import { RESTORE_THREAD_NICE } from './threadPriority.js';
import type { ImagePixels, ModelRef, RestoreStats, ThreadReply, ThreadRequest } from './rasterProtocol.js';

/**
 * Built code of the thread: from `src/` (tests) and `dist/` alike it is
 * `dist/restoreWorker.js`, so tests of the sources need the package built.
 */
const WORKER_FILE = new URL('../dist/restoreWorker.js', import.meta.url);

export interface RestoredPixels {
  rgb: Uint8Array;
  alpha: Uint8Array | null;
  width: number;
  height: number;
  tiles: number;
  stats: RestoreStats;
}

export interface ThreadRunOptions {
  signal?: AbortSignal;
  /** Called after each tile, in order; the next call waits for the previous one. */
  onTile?(done: number, all: number): Promise<void>;
}

interface Job {
  resolve(value: RestoredPixels): void;
  reject(err: unknown): void;
  signal?: AbortSignal;
  progress: Promise<void>;
  onTile?: ThreadRunOptions['onTile'];
}

/** One worker thread running restores one after another, with its model sessions kept between them. */
class RestoreThread {
  readonly jobs = new Map<number, Job>();
  private readonly worker: Worker;

  constructor(onGone: (thread: RestoreThread) => void, nice: number) {
    this.worker = new Worker(WORKER_FILE, { workerData: { nice } });
    this.worker.on('message', (message: ThreadReply) => this.onMessage(message));
    const fail = (err: Error) => {
      onGone(this);
      for (const job of this.jobs.values()) job.reject(err);
      this.jobs.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`restore thread exited (code ${code})`)));
  }

  get busy(): boolean {
    return this.jobs.size > 0;
  }

  post(request: ThreadRequest, transfer: ArrayBuffer[] = []): void {
    try {
      this.worker.postMessage(request, transfer);
    } catch {
      // Buffers sharp made may not be detachable: copied instead of moved.
      this.worker.postMessage(request);
    }
  }

  private onMessage(message: ThreadReply): void {
    const job = this.jobs.get(message.id);
    if (!job) return;
    if (message.type === 'tile') {
      job.progress = job.progress.then(() => job.onTile?.(message.done, message.all));
      return;
    }
    this.jobs.delete(message.id);
    if (message.type === 'done') {
      const { rgb, alpha, width, height, tiles, stats } = message;
      job.progress.then(() => job.resolve({ rgb, alpha, width, height, tiles, stats }), job.reject);
    } else if (message.type === 'canceled') {
      job.reject(job.signal?.reason ?? new Error('canceled'));
    } else {
      job.reject(new Error(`restore thread: ${message.message}`));
    }
  }

  /** Asks the thread to release its sessions and end (after a running tile); terminating it with sessions open aborts the process. */
  async close(): Promise<void> {
    for (const id of this.jobs.keys()) this.post({ op: 'cancel', id });
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.post({ op: 'close' });
    await exited;
  }
}

/**
 * Restore threads for one plugin: a job takes an idle thread or starts one, so
 * as many restores run at once as the queue's concurrency lets in, each off
 * the event loop. Threads stay for the next job, keeping their sessions.
 */
export class RestoreThreadPool {
  private readonly threads = new Set<RestoreThread>();
  private next = 1;

  /** `nice`: how much lower the threads run than the worker's event loop (0 is the same priority; the bench's baseline). */
  constructor(private readonly options: { nice?: number } = {}) {}

  run(model: ModelRef, image: ImagePixels, options: ThreadRunOptions = {}): Promise<RestoredPixels> {
    options.signal?.throwIfAborted();
    let thread = [...this.threads].find((t) => !t.busy);
    if (!thread) {
      thread = new RestoreThread((gone) => this.threads.delete(gone), this.options.nice ?? RESTORE_THREAD_NICE);
      this.threads.add(thread);
    }
    const id = this.next++;
    const chosen = thread;
    return new Promise<RestoredPixels>((resolve, reject) => {
      const onAbort = () => chosen.post({ op: 'cancel', id });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => options.signal?.removeEventListener('abort', onAbort);
      chosen.jobs.set(id, {
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
        signal: options.signal,
        progress: Promise.resolve(),
        onTile: options.onTile,
      });
      const buffer = image.pixels.buffer;
      chosen.post({ op: 'restore', id, model, image }, buffer instanceof ArrayBuffer ? [buffer] : []);
    });
  }

  async close(): Promise<void> {
    const all = [...this.threads];
    this.threads.clear();
    await Promise.all(all.map((t) => t.close()));
  }
}
