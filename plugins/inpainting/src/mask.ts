import type { InpaintRegion } from '@crs/core';
import type { Mask } from './raster.js';

/**
 * A mask image's "white": bright and opaque. Masks drawn in editors come as
 * grey, RGB or RGBA; any of them marks a pixel when it is lighter than mid-grey
 * and (with alpha) more opaque than not.
 */
export function maskFromPixels(pixels: Uint8Array, width: number, height: number, channels: number): Mask {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const p = i * channels;
    const light = channels >= 3 ? (pixels[p]! + pixels[p + 1]! + pixels[p + 2]!) / 3 : pixels[p]!;
    const opaque = channels === 4 || channels === 2 ? pixels[p + channels - 1]! >= 128 : true;
    data[i] = light >= 128 && opaque ? 1 : 0;
  }
  return { data, width, height };
}

function pointInPolygon(x: number, y: number, points: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Marks the pixels whose centres fall inside each region (clipped to the image). */
export function drawRegions(mask: Mask, regions: readonly InpaintRegion[]): void {
  const { width, height, data } = mask;
  for (const r of regions) {
    if (r.type === 'rect') {
      const x0 = Math.max(0, Math.round(r.x)), y0 = Math.max(0, Math.round(r.y));
      const x1 = Math.min(width, Math.round(r.x + r.width)), y1 = Math.min(height, Math.round(r.y + r.height));
      for (let y = y0; y < y1; y++) data.fill(1, y * width + x0, y * width + Math.max(x0, x1));
      continue;
    }
    const xs = r.points.map((p) => p[0]), ys = r.points.map((p) => p[1]);
    const x0 = Math.max(0, Math.floor(Math.min(...xs))), x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)));
    const y0 = Math.max(0, Math.floor(Math.min(...ys))), y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (pointInPolygon(x + 0.5, y + 0.5, r.points)) data[y * width + x] = 1;
  }
}

/** Grows the mask by `radius` pixels (a square structuring element, done as two 1-D passes). */
export function dilate(mask: Mask, radius: number): Mask {
  if (radius <= 0) return mask;
  const { width, height } = mask;
  const pass = (src: Uint8Array, horizontal: boolean) => {
    const out = new Uint8Array(src.length);
    const lines = horizontal ? height : width;
    const length = horizontal ? width : height;
    const at = (line: number, i: number) => (horizontal ? line * width + i : i * width + line);
    for (let line = 0; line < lines; line++) {
      // Distance to the last set pixel, scanning both ways.
      let last = -Infinity;
      for (let i = 0; i < length; i++) {
        if (src[at(line, i)]) last = i;
        if (i - last <= radius) out[at(line, i)] = 1;
      }
      last = Infinity;
      for (let i = length - 1; i >= 0; i--) {
        if (src[at(line, i)]) last = i;
        if (last - i <= radius) out[at(line, i)] = 1;
      }
    }
    return out;
  };
  return { width, height, data: pass(pass(mask.data, true), false) };
}

export function countSet(mask: Mask): number {
  let n = 0;
  for (const v of mask.data) n += v;
  return n;
}

