import { Worker } from 'node:worker_threads';

export type Point = [number, number];
export type Quad = [Point, Point, Point, Point];

/** A code the decoder read, its corners in the pixels it was given. */
export interface DecodedCode {
  format: string;
  text: string;
  box: Quad;
}

/** Where a code seems to be that could not be read at this size, in the pixels given; `module` is its cell size. */
export interface SuspectRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  module: number;
}

export interface ReadOutcome {
  codes: DecodedCode[];
  suspects: SuspectRegion[];
}

interface Pending {
  resolve: (out: ReadOutcome) => void;
  reject: (err: Error) => void;
}

const WORKER_FILE = new URL('../../workers/codes.worker.mjs', import.meta.url);

/**
 * The QR-code and barcode decoder, run in one worker thread shared by every
 * job of the process: decoding is synchronous WebAssembly, kept off the event
 * loop. The thread starts on first use and again after a crash.
 */
export class CodeReader {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /**
   * `closeLook` spends every effort (inversion, denoising) on a small crop
   * where a code is suspected; otherwise one pass that also reports suspects.
   */
  read(rgb: Uint8Array, width: number, height: number, closeLook = false): Promise<ReadOutcome> {
    const worker = this.start();
    const id = this.nextId++;
    // A copy the thread owns: the caller's frame stays usable for the classifiers.
    const copy = new Uint8Array(rgb);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, rgb: copy, width, height, closeLook }, [copy.buffer]);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE);
    // An idle decoder must not keep a process alive that is otherwise done.
    worker.unref();
    worker.on('message', (m: { id: number; result?: ReadOutcome; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(`code decoder: ${m.error}`));
      else p.resolve(m.result!);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`code decoder thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
