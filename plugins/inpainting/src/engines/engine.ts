import type { Raster } from '../rasterPool.js';
import type { Mask, Rgb } from '../raster.js';

export interface FillOptions {
  radius: number;
  /** Where the engine's CPU-heavy steps run (worker threads in the plugin). */
  raster: Raster;
  signal?: AbortSignal | undefined;
}

/** Fills the masked pixels of one crop; returns the crop with them filled and every other pixel as it was. */
export interface InpaintEngine {
  readonly name: string;
  fill(crop: Rgb, mask: Mask, options: FillOptions): Promise<Rgb>;
}
