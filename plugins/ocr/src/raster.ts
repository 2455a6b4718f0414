import type { Point } from './geometry.js';

/** An RGB image in memory, 3 bytes per pixel. */
export interface Rgb {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Samples the quadrilateral tl-tr-br-bl of `src` into an upright `outW`×`outH`
 * image (bilinear), which straightens rotated text for recognition.
 */
export function warpQuad(src: Rgb, quad: [Point, Point, Point, Point], outW: number, outH: number): Rgb {
  const [tl, tr, br, bl] = quad;
  const out = new Uint8Array(outW * outH * 3);
  for (let y = 0; y < outH; y++) {
    const v = outH === 1 ? 0.5 : (y + 0.5) / outH;
    for (let x = 0; x < outW; x++) {
      const u = outW === 1 ? 0.5 : (x + 0.5) / outW;
      const sx = (1 - v) * ((1 - u) * tl[0] + u * tr[0]) + v * ((1 - u) * bl[0] + u * br[0]) - 0.5;
      const sy = (1 - v) * ((1 - u) * tl[1] + u * tr[1]) + v * ((1 - u) * bl[1] + u * br[1]) - 0.5;
      const x0 = Math.max(0, Math.min(src.width - 1, Math.floor(sx)));
      const y0 = Math.max(0, Math.min(src.height - 1, Math.floor(sy)));
      const x1 = Math.min(src.width - 1, x0 + 1);
      const y1 = Math.min(src.height - 1, y0 + 1);
      const fx = Math.max(0, Math.min(1, sx - x0));
      const fy = Math.max(0, Math.min(1, sy - y0));
      for (let c = 0; c < 3; c++) {
        const p00 = src.data[(y0 * src.width + x0) * 3 + c]!;
        const p10 = src.data[(y0 * src.width + x1) * 3 + c]!;
        const p01 = src.data[(y1 * src.width + x0) * 3 + c]!;
        const p11 = src.data[(y1 * src.width + x1) * 3 + c]!;
        out[(y * outW + x) * 3 + c] = Math.round((p00 * (1 - fx) + p10 * fx) * (1 - fy) + (p01 * (1 - fx) + p11 * fx) * fy);
      }
    }
  }
  return { data: out, width: outW, height: outH };
}

/** Turns an image by 180° (upside-down text found by the angle classifier). */
export function rotate180(img: Rgb): Rgb {
  const out = new Uint8Array(img.data.length);
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[(n - 1 - i) * 3 + c] = img.data[i * 3 + c]!;
  return { ...img, data: out };
}

/** Channel-first float tensor, BGR as the Paddle models were trained, value = (x/255 − mean) / std. */
export function toChw(img: Rgb, mean: readonly number[], std: readonly number[], into?: Float32Array, padWidth?: number): Float32Array {
  const width = padWidth ?? img.width;
  const area = width * img.height;
  const out = into ?? new Float32Array(3 * area);
  for (let c = 0; c < 3; c++) {
    const source = 2 - c; // BGR
    const m = mean[c]!;
    const s = std[c]!;
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < width; x++) {
        const value = x < img.width ? (img.data[(y * img.width + x) * 3 + source]! / 255 - m) / s : 0;
        out[c * area + y * width + x] = value;
      }
    }
  }
  return out;
}
