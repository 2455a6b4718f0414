import type { Mask, Rgb } from '../raster.js';
import type { FillOptions, InpaintEngine } from './engine.js';

/**
 * OpenCV's `inpaint`: Telea's fast marching method or the Navier–Stokes
 * based one. Always available, no model; good on thin scratches and small
 * marks, smeary on large holes. Seconds of WASM on a large photo, so it runs
 * where `raster` puts it (a worker thread in the plugin).
 */
export class ClassicalEngine implements InpaintEngine {
  constructor(readonly name: 'telea' | 'navier-stokes') {}

  fill(crop: Rgb, mask: Mask, { radius, raster, signal }: FillOptions): Promise<Rgb> {
    return raster.classicalFill({ engine: this.name, crop, mask, radius }, signal);
  }
}
