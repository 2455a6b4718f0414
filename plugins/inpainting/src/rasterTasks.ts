import type { InpaintRegion } from '@crs/core';
import { InvalidRequestError } from '@crs/core/errors';
import { planCrops } from './crops.js';
import { countSet, dilate, drawRegions, maskFromPixels } from './mask.js';
import { loadOpenCv } from './opencv.js';
import { blendCrop, resizeMask, type Box, type Mask, type Rgb } from './raster.js';

/*
 * The CPU-heavy steps of inpainting, each a function of plain data so that it
 * runs in a worker thread (rasterWorker.ts) as well as in the calling thread:
 * on a 2000×1500 photo, rasterising and dilating the mask takes seconds of
 * JavaScript and OpenCV's fill seconds of WASM.
 */

export interface MaskRequest {
  width: number;
  height: number;
  /** A decoded mask image (any size, grey, RGB or RGBA), scaled to the image. */
  image?: { data: Uint8Array; width: number; height: number; channels: number } | undefined;
  regions?: readonly InpaintRegion[] | undefined;
  dilate: number;
}

export interface PreparedMask {
  mask: Mask;
  maskedPixels: number;
  crops: Box[];
}

/** The mask at the image's size: mask image and regions together, grown by `dilate`, and the regions to fill. */
export function prepareMask(req: MaskRequest): PreparedMask {
  let mask: Mask = req.image
    ? resizeMask(maskFromPixels(req.image.data, req.image.width, req.image.height, req.image.channels), req.width, req.height)
    : { data: new Uint8Array(req.width * req.height), width: req.width, height: req.height };
  if (req.regions) drawRegions(mask, req.regions);
  mask = dilate(mask, req.dilate);
  const maskedPixels = countSet(mask);
  if (!maskedPixels) throw new InvalidRequestError('the mask marks no pixel of the image: paint what to fill in white, or give regions inside the image');
  return { mask, maskedPixels, crops: planCrops(mask) };
}

export interface ClassicalRequest {
  engine: 'telea' | 'navier-stokes';
  crop: Rgb;
  mask: Mask;
  radius: number;
}

/** OpenCV's `inpaint` on one crop; the crop back with its masked pixels filled and every other one as it was. */
export async function classicalFill({ engine, crop, mask, radius }: ClassicalRequest): Promise<Rgb> {
  const cv = await loadOpenCv();
  const src = new cv.Mat(crop.height, crop.width, cv.CV_8UC3);
  const m = new cv.Mat(mask.height, mask.width, cv.CV_8UC1);
  const dst = new cv.Mat(crop.height, crop.width, cv.CV_8UC3);
  try {
    src.data.set(crop.data);
    for (let i = 0; i < mask.data.length; i++) m.data[i] = mask.data[i] ? 255 : 0;
    cv.inpaint(src, m, dst, radius, engine === 'telea' ? cv.INPAINT_TELEA : cv.INPAINT_NS);
    return blendCrop(crop, dst, mask);
  } finally {
    src.delete();
    m.delete();
    dst.delete();
  }
}

/** What a manifest says about the model's tensors, as much as the conversions need. */
export interface TensorFormat {
  dtype: 'float32' | 'uint8';
  colorOrder: 'rgb' | 'bgr';
  imageRange: [number, number];
  mask: { fill: number; keep: number };
  outputRange: [number, number] | 'auto';
}

export interface ModelInputRequest {
  format: TensorFormat;
  /** The crop already resized to the model's size. */
  image: Rgb;
  /** The crop's mask at the crop's size. */
  mask: Mask;
}

/** The image and mask tensors' data (NCHW), converted as the manifest says. */
export function modelInput({ format, image, mask }: ModelInputRequest): { pixels: Float32Array | Uint8Array; holes: Float32Array | Uint8Array } {
  const holes = resizeMask(mask, image.width, image.height);
  const area = image.width * image.height;
  const order = format.colorOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const [lo, hi] = format.imageRange;
  const k = (hi - lo) / 255;
  const pixels = format.dtype === 'uint8' ? new Uint8Array(area * 3) : new Float32Array(area * 3);
  const values = format.dtype === 'uint8' ? new Uint8Array(area) : new Float32Array(area);
  for (let c = 0; c < 3; c++) for (let i = 0; i < area; i++) pixels[c * area + i] = lo + image.data[i * 3 + order[c]!]! * k;
  for (let i = 0; i < area; i++) values[i] = holes.data[i] ? format.mask.fill : format.mask.keep;
  return { pixels, holes: values };
}

export interface ModelOutputRequest {
  format: TensorFormat;
  values: Float32Array | Uint8Array;
  width: number;
  height: number;
}

/** The model's output tensor (NCHW) as RGB pixels. */
export function modelOutput({ format, values, width, height }: ModelOutputRequest): Rgb {
  const area = width * height;
  const order = format.colorOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const [olo, ohi] = format.outputRange === 'auto' ? autoRange(values) : format.outputRange;
  const scale = 255 / (ohi - olo);
  const result = Buffer.alloc(area * 3);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < area; i++) result[i * 3 + order[c]!] = Math.max(0, Math.min(255, Math.round((values[c * area + i]! - olo) * scale)));
  }
  return { data: result, width, height };
}

/** Exports of one model differ: some end in a sigmoid (0–1), some scale to 0–255. */
function autoRange(values: ArrayLike<number>): [number, number] {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max <= 1.5 ? [0, 1] : [0, 255];
}

export interface BlendRequest {
  crop: Rgb;
  filled: Rgb;
  mask: Mask;
}

/** The crop with the filled pixels where its mask is set. */
export function blend({ crop, filled, mask }: BlendRequest): Rgb {
  return blendCrop(crop, filled, mask);
}

/** Loads OpenCV, so the first job does not pay for it. */
export async function warm(): Promise<boolean> {
  await loadOpenCv();
  return true;
}
