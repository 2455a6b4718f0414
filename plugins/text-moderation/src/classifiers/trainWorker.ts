// A training thread: featurising and the epochs of a tenant's classifier run here, a few seconds to a
// minute of CPU that would otherwise stall the worker's event loop (and every job sharing it).
import { parentPort, workerData } from 'node:worker_threads';
import { trainClassifier } from '../model/train/trainClassifier.js';
import type { TrainReply, TrainRequest } from './trainProtocol.js';

const request = workerData as TrainRequest;
const reply = (message: TrainReply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
try {
  const trained = trainClassifier(request.name, request.examples, { seed: request.seed, onProgress: (fraction) => reply({ type: 'progress', fraction }) });
  const file = new Uint8Array(trained.file);
  reply({ type: 'done', file, figures: trained.figures, language: trained.language }, [file.buffer]);
} catch (err) {
  reply({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}
