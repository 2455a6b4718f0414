import type { RasterSetup, TileTensor } from './raster.js';

/** Messages between a job and its raster thread; `id` pairs a reply with its request. */
export type RasterRequest =
  | { id: number; op: 'setup'; setup: RasterSetup }
  | { id: number; op: 'tile'; index: number }
  | { id: number; op: 'blend'; index: number; output: TileTensor }
  | { id: number; op: 'finish' };

export type RasterReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
