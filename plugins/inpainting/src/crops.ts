import type { Box, Mask } from './raster.js';

/** Bounding boxes of the mask's 8-connected parts. */
export function componentBoxes(mask: Mask): Box[] {
  const { width, height, data } = mask;
  const seen = new Uint8Array(data.length);
  const boxes: Box[] = [];
  const stack: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (!data[start] || seen[start]) continue;
    let x0 = width, y0 = height, x1 = -1, y1 = -1;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width, y = (i - x) / width;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (data[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    boxes.push({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
  }
  return boxes;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

export interface CropOptions {
  /** Context kept around each part of the mask, as a share of the part's longer side… */
  padShare: number;
  /** …and at least this many pixels. */
  minPad: number;
}

export const DEFAULT_CROP: CropOptions = { padShare: 0.5, minPad: 32 };

/**
 * The regions to process: each part of the mask with context around it,
 * clipped to the image; parts whose regions overlap share one. A model then
 * sees the damage at a sensible scale instead of a whole large photo shrunk
 * to its input size.
 */
export function planCrops(mask: Mask, options: CropOptions = DEFAULT_CROP): Box[] {
  let boxes = componentBoxes(mask).map((b) => {
    const pad = Math.max(options.minPad, Math.round(Math.max(b.width, b.height) * options.padShare));
    const x = Math.max(0, b.x - pad), y = Math.max(0, b.y - pad);
    return { x, y, width: Math.min(mask.width, b.x + b.width + pad) - x, height: Math.min(mask.height, b.y + b.height + pad) - y };
  });
  for (let merged = true; merged; ) {
    merged = false;
    const out: Box[] = [];
    for (const b of boxes) {
      const i = out.findIndex((o) => overlaps(o, b));
      if (i >= 0) {
        out[i] = union(out[i]!, b);
        merged = true;
      } else out.push(b);
    }
    boxes = out;
  }
  return boxes.sort((a, b) => a.y - b.y || a.x - b.x);
}
