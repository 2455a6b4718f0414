// The worker thread behind RasterThread: every per-pixel loop of a restore runs here, off the job's event loop.
import { parentPort } from 'node:worker_threads';
import { TileRaster, type RasterSetup, type TileTensor } from './raster.js';
import type { RasterReply, RasterRequest } from './rasterProtocol.js';

let raster: TileRaster | null = null;

function handle(request: RasterRequest): { value: unknown; transfer: ArrayBuffer[] } {
  switch (request.op) {
    case 'setup':
      raster = new TileRaster(request.setup as RasterSetup);
      return { value: null, transfer: [] };
    case 'tile': {
      const tile = need().tileInput(request.index);
      return { value: tile, transfer: [tile.data.buffer as ArrayBuffer] };
    }
    case 'blend':
      need().blend(request.index, request.output as TileTensor);
      return { value: null, transfer: [] };
    case 'finish': {
      const r = need();
      const rgb = r.finish();
      const alpha = r.alpha();
      raster = null;
      return { value: { rgb, alpha }, transfer: [rgb.buffer as ArrayBuffer, ...(alpha ? [alpha.buffer as ArrayBuffer] : [])] };
    }
  }
}

function need(): TileRaster {
  if (!raster) throw new Error('raster thread used before setup');
  return raster;
}

parentPort!.on('message', (request: RasterRequest) => {
  let reply: RasterReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const done = handle(request);
    reply = { id: request.id, ok: true, value: done.value };
    transfer = done.transfer;
  } catch (err) {
    reply = { id: request.id, ok: false, message: (err as Error).message };
  }
  parentPort!.postMessage(reply, transfer);
});
