import sharp from 'sharp';
import * as ort from 'onnxruntime-node';
import { convexHull, corners, minAreaRect, unclip, type Point } from '../../geometry.js';
import type { Rgb } from '../../raster.js';
import { toChw } from '../../raster.js';

/** DB post-processing settings, as PaddleOCR ships them (binarisation 0.3, not the 0.03 some ports use). */
export const DB = { thresh: 0.3, boxThresh: 0.6, unclipRatio: 1.5, minSize: 3, limitSide: 960, minShortSide: 96, maxLongSide: 4096 } as const;
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

export interface DetectedBox {
  quad: [Point, Point, Point, Point];
  score: number;
}

/**
 * Resized so the long side is at most 960 and both sides are multiples of 32,
 * as the detector needs, except that a thin strip (a single line of text) is
 * not shrunk below 96 px high: text a few pixels tall is no longer found.
 */
function detSize(width: number, height: number): { width: number; height: number } {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  let scale = Math.min(1, DB.limitSide / long);
  if (short * scale < DB.minShortSide) scale = Math.min(1, Math.max(scale, DB.minShortSide / short), DB.maxLongSide / long);
  return { width: Math.max(32, Math.round((width * scale) / 32) * 32), height: Math.max(32, Math.round((height * scale) / 32) * 32) };
}

/** Connected regions of the binary map (4-neighbour), each with its pixels. */
function regions(binary: Uint8Array, width: number, height: number): number[][] {
  const seen = new Uint8Array(binary.length);
  const out: number[][] = [];
  const stack: number[] = [];
  for (let start = 0; start < binary.length; start++) {
    if (!binary[start] || seen[start]) continue;
    const pixels: number[] = [];
    seen[start] = 1;
    stack.push(start);
    const visit = (j: number) => {
      if (binary[j] && !seen[j]) {
        seen[j] = 1;
        stack.push(j);
      }
    };
    while (stack.length) {
      const i = stack.pop()!;
      pixels.push(i);
      const x = i % width;
      const y = (i - x) / width;
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (y > 0) visit(i - width);
      if (y < height - 1) visit(i + width);
    }
    out.push(pixels);
  }
  return out;
}

/**
 * Text boxes by DB (differentiable binarisation): probability map, threshold,
 * connected regions, minimum-area rectangle, box score filter, unclip, back to
 * the original image's coordinates.
 */
export async function detect(session: ort.InferenceSession, image: Rgb): Promise<DetectedBox[]> {
  const size = detSize(image.width, image.height);
  const resized = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(size.width, size.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  const input = toChw({ data: resized, width: size.width, height: size.height }, MEAN, STD);
  const output = (await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, size.height, size.width]) }))[session.outputNames[0]!]!;
  const prob = output.data as Float32Array;
  const binary = new Uint8Array(prob.length);
  for (let i = 0; i < prob.length; i++) binary[i] = prob[i]! > DB.thresh ? 1 : 0;
  const sx = image.width / size.width;
  const sy = image.height / size.height;
  const boxes: DetectedBox[] = [];
  for (const pixels of regions(binary, size.width, size.height)) {
    if (pixels.length < DB.minSize * DB.minSize) continue;
    let sum = 0;
    const points: Point[] = [];
    for (const i of pixels) {
      sum += prob[i]!;
      const x = i % size.width;
      points.push([x, (i - x) / size.width], [x + 1, (i - x) / size.width + 1]);
    }
    const score = sum / pixels.length;
    if (score < DB.boxThresh) continue;
    const rect = minAreaRect(convexHull(points));
    if (Math.min(rect.width, rect.height) < DB.minSize) continue;
    const grown = unclip(rect, DB.unclipRatio);
    if (Math.min(grown.width, grown.height) < DB.minSize + 2) continue;
    const quad = corners(grown).map(([x, y]) => [
      Math.max(0, Math.min(image.width, x * sx)),
      Math.max(0, Math.min(image.height, y * sy)),
    ]) as DetectedBox['quad'];
    boxes.push({ quad, score });
  }
  return boxes;
}
