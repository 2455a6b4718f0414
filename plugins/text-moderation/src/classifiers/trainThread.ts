import { Worker } from 'node:worker_threads';
import type { HeldOutFigures } from '@crs/core';
import type { ModelLanguage } from '../model/language.js';
import type { TrainReply, TrainRequest } from './trainProtocol.js';

/** Built code of the thread: from `src/` (tests) and `dist/` alike it is `dist/classifiers/trainWorker.js`, so tests of the sources need the package built. */
const WORKER_FILE = new URL('../../dist/classifiers/trainWorker.js', import.meta.url);

export interface ThreadTraining {
  file: Buffer;
  figures: HeldOutFigures;
  language: ModelLanguage;
}

/**
 * Trains one classifier in a thread of its own, started for it and ended
 * with it (a training is rare and long; nothing is worth keeping between
 * two). An abort ends the thread at once: it holds nothing but the training.
 */
export function trainInThread(request: TrainRequest, options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {}): Promise<ThreadTraining> {
  options.signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: request });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => settle(() => reject(options.signal!.reason));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: TrainReply) => {
      if (m.type === 'progress') options.onProgress?.(m.fraction);
      else if (m.type === 'done') settle(() => resolve({ file: Buffer.from(m.file.buffer, m.file.byteOffset, m.file.byteLength), figures: m.figures, language: m.language }));
      else settle(() => reject(new Error(`training failed: ${m.message}`)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`training thread exited (code ${code}) before it finished`))));
  });
}
