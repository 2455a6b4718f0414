import type { Mask, Rgb } from '../raster.js';

/** Fills the masked pixels of one crop; returns the crop with them filled (unmasked pixels may differ, they are not used). */
export interface InpaintEngine {
  readonly name: string;
  fill(crop: Rgb, mask: Mask, options: { radius: number }): Promise<Rgb>;
}
