import { loadOpenCv } from '../opencv.js';
import type { Mask, Rgb } from '../raster.js';
import type { InpaintEngine } from './engine.js';

/**
 * OpenCV's `inpaint`: Telea's fast marching method or the Navier–Stokes
 * based one. Always available, no model; good on thin scratches and small
 * marks, smeary on large holes.
 */
export class ClassicalEngine implements InpaintEngine {
  constructor(readonly name: 'telea' | 'navier-stokes') {}

  async fill(crop: Rgb, mask: Mask, { radius }: { radius: number }): Promise<Rgb> {
    const cv = await loadOpenCv();
    const src = new cv.Mat(crop.height, crop.width, cv.CV_8UC3);
    const m = new cv.Mat(mask.height, mask.width, cv.CV_8UC1);
    const dst = new cv.Mat(crop.height, crop.width, cv.CV_8UC3);
    try {
      src.data.set(crop.data);
      for (let i = 0; i < mask.data.length; i++) m.data[i] = mask.data[i] ? 255 : 0;
      cv.inpaint(src, m, dst, radius, this.name === 'telea' ? cv.INPAINT_TELEA : cv.INPAINT_NS);
      return { data: Buffer.from(dst.data), width: crop.width, height: crop.height };
    } finally {
      src.delete();
      m.delete();
      dst.delete();
    }
  }
}
