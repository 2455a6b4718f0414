import * as ort from 'onnxruntime-node';
import type { Point } from '../../geometry.js';
import { rotate180, toChw, warpQuad, type Rgb } from '../../raster.js';
import { restoreSpaces } from './wordSpaces.js';

const HALF = [0.5, 0.5, 0.5];
export const REC_HEIGHT = 48;
const REC_MIN_WIDTH = 320;
const REC_MAX_WIDTH = 2400;
const CLS_WIDTH = 192;
const REC_BATCH = 6;

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/**
 * The box's content, upright, scaled to the recogniser's height. Boxes much
 * taller than wide are vertical text and are turned to read left to right.
 */
export function cropLine(image: Rgb, quad: [Point, Point, Point, Point]): Rgb {
  let [tl, tr, br, bl] = quad;
  const w = Math.max(dist(tl, tr), dist(bl, br));
  const h = Math.max(dist(tl, bl), dist(tr, br));
  if (h / Math.max(1, w) >= 1.5) [tl, tr, br, bl] = [tr, br, bl, tl];
  const width = Math.max(dist(tl, tr), dist(bl, br));
  const height = Math.max(dist(tl, bl), dist(tr, br));
  const outW = Math.max(1, Math.min(REC_MAX_WIDTH, Math.round((REC_HEIGHT * width) / Math.max(1, height))));
  return warpQuad(image, [tl, tr, br, bl], outW, REC_HEIGHT);
}

/** Turns lines the angle classifier finds upside down (label "180" with probability over 0.9). */
export async function fixOrientation(session: ort.InferenceSession, crops: Rgb[]): Promise<Rgb[]> {
  if (!crops.length) return crops;
  const area = REC_HEIGHT * CLS_WIDTH;
  const input = new Float32Array(crops.length * 3 * area);
  // The classifier sees the first 192 px of each line at height 48, padded when shorter.
  crops.forEach((crop, i) => input.set(toChw(cut(crop, CLS_WIDTH), HALF, HALF, undefined, CLS_WIDTH), i * 3 * area));
  const out = (await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, [crops.length, 3, REC_HEIGHT, CLS_WIDTH]) }))[session.outputNames[0]!]!;
  const p = out.data as Float32Array;
  return crops.map((crop, i) => (p[i * 2 + 1]! > 0.9 && p[i * 2 + 1]! > p[i * 2]! ? rotate180(crop) : crop));
}

/** The left `width` pixels of an image (all of it when narrower). */
function cut(img: Rgb, width: number): Rgb {
  if (img.width <= width) return img;
  const data = new Uint8Array(width * img.height * 3);
  for (let y = 0; y < img.height; y++) data.set(img.data.subarray(y * img.width * 3, (y * img.width + width) * 3), y * width * 3);
  return { data, width, height: img.height };
}

export interface RecognizedLine {
  text: string;
  confidence: number;
}

/** One character the CTC decoder kept, with the time steps it spans (first and last). */
export interface DecodedChar {
  char: string;
  start: number;
  end: number;
}

/** Greedy CTC: best class per step, repeats collapsed, blanks (class 0) dropped; each character keeps its steps. */
export function ctcChars(probs: Float32Array, steps: number, classes: number, offset: number, dictionary: string[]): { chars: DecodedChar[]; confidence: number } {
  const chars: DecodedChar[] = [];
  let confidence = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -1;
    const base = offset + t * classes;
    for (let c = 0; c < classes; c++) {
      const v = probs[base + c]!;
      if (v > bestP) {
        bestP = v;
        best = c;
      }
    }
    if (best !== 0 && best === previous) chars[chars.length - 1]!.end = t;
    else if (best !== 0) {
      chars.push({ char: dictionary[best - 1] ?? '', start: t, end: t });
      confidence += bestP;
    }
    previous = best;
  }
  return { chars, confidence: chars.length ? confidence / chars.length : 0 };
}

/** Greedy CTC decoding of one line, as the model spelled it. */
export function ctcDecode(probs: Float32Array, steps: number, classes: number, offset: number, dictionary: string[]): RecognizedLine {
  const { chars, confidence } = ctcChars(probs, steps, classes, offset, dictionary);
  return { text: chars.map((c) => c.char).join(''), confidence };
}

/** Recognises line crops in batches of similar width (less padding), in the crops' order; `wordSpaces` puts back the spaces the model dropped. */
export async function recognize(session: ort.InferenceSession, crops: Rgb[], dictionary: string[], wordSpaces = true): Promise<RecognizedLine[]> {
  const order = crops.map((c, i) => [i, c.width / c.height] as const).sort((a, b) => a[1] - b[1]);
  const out: RecognizedLine[] = new Array(crops.length);
  for (let b = 0; b < order.length; b += REC_BATCH) {
    const batch = order.slice(b, b + REC_BATCH).map(([i]) => i);
    const width = Math.max(REC_MIN_WIDTH, ...batch.map((i) => crops[i]!.width));
    const area = REC_HEIGHT * width;
    const input = new Float32Array(batch.length * 3 * area);
    batch.forEach((i, j) => input.set(toChw(crops[i]!, HALF, HALF, undefined, width), j * 3 * area));
    const result = (await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, [batch.length, 3, REC_HEIGHT, width]) }))[session.outputNames[0]!]!;
    const [, steps, classes] = result.dims as [number, number, number];
    batch.forEach((i, j) => {
      const { chars, confidence } = ctcChars(result.data as Float32Array, steps, classes, j * steps * classes, dictionary);
      out[i] = { text: wordSpaces ? restoreSpaces(chars, crops[i]!, width / steps) : chars.map((c) => c.char).join(''), confidence };
    });
  }
  return out;
}
