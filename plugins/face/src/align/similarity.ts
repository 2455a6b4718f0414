import type { Rgb } from '../raster.js';

/** x' = a·x − b·y + tx, y' = b·x + a·y + ty: rotation, uniform scale and shift. */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/**
 * The least-squares similarity taking `from` onto `to` (Umeyama's estimate
 * without reflection; in two dimensions it has this closed form).
 */
export function estimateSimilarity(from: readonly (readonly [number, number])[], to: readonly (readonly [number, number])[]): Similarity {
  const n = from.length;
  let fx = 0, fy = 0, tx = 0, ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]![0]; fy += from[i]![1];
    tx += to[i]![0]; ty += to[i]![1];
  }
  fx /= n; fy /= n; tx /= n; ty /= n;
  let dot = 0, cross = 0, norm = 0;
  for (let i = 0; i < n; i++) {
    const sx = from[i]![0] - fx, sy = from[i]![1] - fy;
    const dx = to[i]![0] - tx, dy = to[i]![1] - ty;
    dot += dx * sx + dy * sy;
    cross += dy * sx - dx * sy;
    norm += sx * sx + sy * sy;
  }
  const a = norm > 0 ? dot / norm : 1;
  const b = norm > 0 ? cross / norm : 0;
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

/**
 * The `size`×`size` image the similarity maps `image` onto, sampled
 * bilinearly through the inverse map; outside the source is black, as in
 * OpenCV's warpAffine with a constant border.
 */
export function warpSimilarity(image: Rgb, m: Similarity, size: number, mirror = false): Rgb {
  const det = m.a * m.a + m.b * m.b;
  // Inverse of [[a, −b], [b, a]] is [[a, b], [−b, a]] / det.
  const ia = m.a / det, ib = m.b / det;
  const out = Buffer.alloc(size * size * 3);
  const { width, height, data } = image;
  for (let v = 0; v < size; v++) {
    for (let u0 = 0; u0 < size; u0++) {
      const u = mirror ? size - 1 - u0 : u0;
      const px = u - m.tx, py = v - m.ty;
      const x = ia * px + ib * py;
      const y = -ib * px + ia * py;
      const x0 = Math.floor(x), y0 = Math.floor(y);
      const fx = x - x0, fy = y - y0;
      const o = (v * size + u0) * 3;
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let dy = 0; dy <= 1; dy++) {
          const yy = y0 + dy;
          if (yy < 0 || yy >= height) continue;
          const wy = dy ? fy : 1 - fy;
          for (let dx = 0; dx <= 1; dx++) {
            const xx = x0 + dx;
            if (xx < 0 || xx >= width) continue;
            acc += data[(yy * width + xx) * 3 + c]! * wy * (dx ? fx : 1 - fx);
          }
        }
        out[o + c] = Math.round(acc);
      }
    }
  }
  return { data: out, width: size, height: size };
}
