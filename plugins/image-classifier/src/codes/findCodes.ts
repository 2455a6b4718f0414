import sharp from 'sharp';
import { imageDecodeError, type PreparedFrame } from '@crs/core/image';
import type { CodeReader, DecodedCode, Point, Quad, SuspectRegion } from './codeReader.js';

/** The picture a frame was made from, for a sharper look at part of it. */
export interface Original {
  bytes: Buffer;
  /** Upright size. */
  width: number;
  height: number;
  /** Pages in the file: above 1, the frame's `index` names the page. */
  pages: number;
  maxPixels: number;
}

/** Suspected codes looked at again per frame: a busy picture must not cost a dozen decodes. */
const MAX_CLOSE_LOOKS = 3;
/** Pixels per module the decoder reads reliably; a crop is enlarged to reach it. */
const WANTED_MODULE = 3;
const MAX_ENLARGE = 4;
const MAX_CROP_SIDE = 1024;

function mapQuad(box: Quad, f: (p: Point) => Point): Quad {
  return box.map(f) as Quad;
}

async function closeLook(reader: CodeReader, frame: PreparedFrame, original: Original, s: SuspectRegion): Promise<DecodedCode[]> {
  const sx = original.width / frame.width;
  const sy = original.height / frame.height;
  const left = Math.max(0, Math.floor(s.x * sx));
  const top = Math.max(0, Math.floor(s.y * sy));
  const width = Math.min(original.width - left, Math.ceil(s.width * sx));
  const height = Math.min(original.height - top, Math.ceil(s.height * sy));
  if (width < 8 || height < 8) return [];
  const module = s.module * Math.min(sx, sy);
  const scale = Math.min(MAX_ENLARGE, Math.max(1, WANTED_MODULE / module), MAX_CROP_SIDE / Math.max(width, height));
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  let data: Buffer;
  try {
    data = await sharp(original.bytes, { limitInputPixels: original.maxPixels, ...(original.pages > 1 ? { page: frame.index, pages: 1 } : {}) })
      .rotate()
      .extract({ left, top, width, height })
      .resize(outWidth, outHeight, { fit: 'fill' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer();
  } catch (err) {
    throw imageDecodeError(err, original.maxPixels);
  }
  const { codes } = await reader.read(data, outWidth, outHeight, true);
  return codes.map((c) => ({ ...c, box: mapQuad(c.box, ([x, y]) => [left + x / (outWidth / width), top + y / (outHeight / height)]) }));
}

/**
 * QR codes and barcodes in one frame, their corners in the original's pixels.
 * The frame (at most 512 px) is read first; where a code seems to be but
 * could not be read there, that part of the original is read again, sharper.
 */
export async function findCodes(reader: CodeReader, frame: PreparedFrame, original: Original): Promise<DecodedCode[]> {
  const first = await reader.read(frame.data, frame.width, frame.height);
  const sx = original.width / frame.width;
  const sy = original.height / frame.height;
  const found = first.codes.map((c) => ({ ...c, box: mapQuad(c.box, ([x, y]) => [x * sx, y * sy]) }));
  for (const suspect of first.suspects.slice(0, MAX_CLOSE_LOOKS)) found.push(...(await closeLook(reader, frame, original, suspect)));
  const seen = new Set<string>();
  return found
    .filter((c) => {
      const key = `${c.format}\u0000${c.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((c) => ({ ...c, box: mapQuad(c.box, ([x, y]) => [Math.round(x), Math.round(y)]) }));
}
