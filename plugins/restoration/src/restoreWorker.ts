// A restore thread: the whole tile loop (cutting, inference, blending) runs here. onnxruntime-node's
// session.run is synchronous on the thread that calls it (it only defers the call with setImmediate), so
// inference on the job's own thread would stall its event loop for the length of every tile.
import { parentPort, workerData } from 'node:worker_threads';
import { RestoreModel } from './model.js';
import { TileRaster } from './raster.js';
import type { ModelRef, ThreadReply, ThreadRequest } from './rasterProtocol.js';
import { threadCpuNs } from './threadCpu.js';
import { lowerThreadPriority } from './threadPriority.js';
import { planTiles, tileGeometry } from './tiles.js';

// Before any session exists, so onnxruntime's threads are started at the lower priority too.
lowerThreadPriority((workerData as { nice: number }).nice);

/** One session per model file and thread count, kept for the thread's life. */
const sessions = new Map<string, Promise<RestoreModel>>();
const canceled = new Set<number>();

function session(ref: ModelRef): Promise<RestoreModel> {
  const passes = ref.graphPasses !== false;
  const key = `${ref.file}\u0000${ref.threads}\u0000${passes}`;
  let s = sessions.get(key);
  if (!s) {
    s = RestoreModel.load(ref.manifest, ref.file, ref.threads, passes);
    sessions.set(key, s);
    s.catch(() => sessions.delete(key));
  }
  return s;
}

const reply = (message: ThreadReply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

async function restore(request: Extract<ThreadRequest, { op: 'restore' }>): Promise<void> {
  const { id, model: ref, image } = request;
  const m = ref.manifest;
  const model = (await session(ref)).withManifest(m);
  const started = threadCpuNs();
  const hoistedPad = model.hoistedPad;
  const plan = planTiles(image.width, image.height, tileGeometry(m.tile, m.multipleOf, hoistedPad?.pad));
  const raster = new TileRaster({ ...image, scale: m.scale, plan, dtype: m.dtype, colorOrder: m.colorOrder, inputRange: m.inputRange, outputRange: m.outputRange, hoistedPad });
  const all = plan.tiles.length;
  let inference = 0;
  let modelPixels = 0;
  for (let i = 0; i < all; i++) {
    // The event loop turns between tiles (session.run resolves through setImmediate), so a cancel message is seen here.
    if (canceled.has(id)) return reply({ id, type: 'canceled' });
    const input = raster.tileInput(i);
    modelPixels += input.width * input.height;
    const before = threadCpuNs();
    const output = await model.run(input);
    inference += threadCpuNs() - before;
    raster.blend(i, output);
    reply({ id, type: 'tile', done: i + 1, all });
  }
  const rgb = raster.finish();
  const alpha = raster.alpha();
  const stats = { threadCpuMs: (threadCpuNs() - started) / 1e6, inferenceCpuMs: inference / 1e6, modelPixels };
  reply({ id, type: 'done', rgb, alpha, width: raster.outWidth, height: raster.outHeight, tiles: all, stats }, [rgb.buffer as ArrayBuffer, ...(alpha ? [alpha.buffer as ArrayBuffer] : [])]);
}

/**
 * Releases every session, then lets the thread end by itself: terminating a
 * thread that still holds onnxruntime sessions aborts the whole process.
 */
async function close(): Promise<void> {
  const loaded = await Promise.allSettled(sessions.values());
  sessions.clear();
  for (const s of loaded) if (s.status === 'fulfilled') await s.value.close();
  parentPort!.close();
}

parentPort!.on('message', (request: ThreadRequest) => {
  if (request.op === 'close') {
    void close();
    return;
  }
  if (request.op === 'cancel') {
    canceled.add(request.id);
    return;
  }
  restore(request)
    .catch((err: Error) => reply({ id: request.id, type: 'failed', message: err.message }))
    .finally(() => canceled.delete(request.id));
});
