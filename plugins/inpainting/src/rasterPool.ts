import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { errorForCode } from '@crs/core/errors';
import type { Rgb } from './raster.js';
import * as tasks from './rasterTasks.js';
import { ownedBuffers, reviveImage, type ThreadFailure, type ThreadResult } from './threadData.js';

/**
 * Where inpainting's CPU-heavy steps run. The plugin uses a pool of worker
 * threads, so a job's seconds of mask rasterising and OpenCV never hold the
 * event loop that serves the process's other jobs; `inlineRaster` runs the
 * same code in the calling thread, for comparison in the bench.
 */
export interface Raster {
  prepareMask(req: tasks.MaskRequest, signal?: AbortSignal): Promise<tasks.PreparedMask>;
  /** The crop's and mask's pixels are moved to the thread, not copied: the caller does not use them after. */
  classicalFill(req: tasks.ClassicalRequest, signal?: AbortSignal): Promise<Rgb>;
  modelInput(req: tasks.ModelInputRequest, signal?: AbortSignal): Promise<ReturnType<typeof tasks.modelInput>>;
  modelOutput(req: tasks.ModelOutputRequest, signal?: AbortSignal): Promise<Rgb>;
  blend(req: tasks.BlendRequest, signal?: AbortSignal): Promise<Rgb>;
  close(): Promise<void>;
}

export const inlineRaster: Raster = {
  async prepareMask(req, signal) {
    signal?.throwIfAborted();
    return tasks.prepareMask(req);
  },
  async classicalFill(req, signal) {
    signal?.throwIfAborted();
    return tasks.classicalFill(req);
  },
  async modelInput(req, signal) {
    signal?.throwIfAborted();
    return tasks.modelInput(req);
  },
  async modelOutput(req, signal) {
    signal?.throwIfAborted();
    return tasks.modelOutput(req);
  },
  async blend(req, signal) {
    signal?.throwIfAborted();
    return tasks.blend(req);
  },
  async close() {},
};

/**
 * The thread's script: beside this module once built; when this module runs
 * from its TypeScript source (the tests), the built one, since a worker
 * thread cannot load TypeScript.
 */
function workerScript(): string {
  const beside = fileURLToPath(new URL('./rasterWorker.js', import.meta.url));
  if (fs.existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../dist/rasterWorker.js', import.meta.url));
  if (fs.existsSync(built)) return built;
  throw new Error(`the inpainting raster thread's script is not built (${built}): run npm run build`);
}

export interface RasterPoolOptions {
  /** Most threads at once: as many as this process runs inpainting jobs at once is enough. */
  maxThreads: number;
  /** Threads beyond the first end after this long without work. */
  idleTimeoutMs?: number;
  /** How much lower the threads' priority is (Unix nice increment, 10 unless given). */
  niceIncrement?: number;
}

/**
 * Worker threads (piscina) running the steps of rasterTasks.ts. An abort ends
 * the step at once: a queued one never starts, a running one's thread is
 * terminated (and replaced when next needed), and the caller gets the
 * signal's reason as `signal.throwIfAborted()` gives it. An error thrown in
 * the thread reaches the caller as the same class with the same code.
 */
export function createRasterPool(options: RasterPoolOptions): Raster & { warm(): Promise<void> } {
  const maxThreads = Math.max(1, Math.min(options.maxThreads, os.availableParallelism()));
  // Threads run at a lower priority: on a machine with few cores the event loop, which wakes for a few
  // milliseconds at a time, is then scheduled ahead of the seconds-long fill beside it (p99 delay in the
  // bench about halved, down to that of an idle loop).
  const pool = new Piscina({
    filename: workerScript(),
    minThreads: 1,
    maxThreads,
    idleTimeout: options.idleTimeoutMs ?? 60_000,
    niceIncrement: options.niceIncrement ?? 10,
  });
  async function run<T>(name: string, req: unknown, signal?: AbortSignal, transferList: ArrayBuffer[] = []): Promise<T> {
    let answer: ThreadResult<T> | ThreadFailure;
    try {
      answer = await pool.run(req, { name, transferList, ...(signal ? { signal } : {}) });
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      throw err;
    }
    if ('failed' in answer) {
      const { code, message, details } = answer.failed;
      throw (code && errorForCode(code, message, details ? { details } : {})) || new Error(message);
    }
    return answer.value;
  }
  return {
    prepareMask: (req, signal) => run('prepareMask', req, signal),
    classicalFill: async (req, signal) => reviveImage(await run<Rgb>('classicalFill', req, signal, ownedBuffers([req.crop.data, req.mask.data]))),
    modelInput: (req, signal) => run('modelInput', req, signal),
    modelOutput: async (req, signal) => reviveImage(await run<Rgb>('modelOutput', req, signal)),
    blend: async (req, signal) => reviveImage(await run<Rgb>('blend', req, signal)),
    async warm() {
      await run('warm', null);
    },
    async close() {
      await pool.destroy();
    },
  };
}
