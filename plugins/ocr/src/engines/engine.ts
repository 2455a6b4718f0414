import type { Point } from '../geometry.js';
import type { Rgb } from '../raster.js';

export interface OcrLine {
  text: string;
  /** 0–1. */
  confidence: number;
  /** Corners top-left, top-right, bottom-right, bottom-left, in the image's pixels. */
  box: [Point, Point, Point, Point];
}

/** An OCR engine: lines of an upright RGB image, in reading order. */
export interface OcrEngine {
  readonly name: 'paddle' | 'tesseract';
  recognize(image: Rgb, signal?: AbortSignal): Promise<OcrLine[]>;
  close(): Promise<void>;
}

/**
 * Reading order: lines top to bottom, and boxes whose vertical centres fall
 * within half a line height of each other left to right.
 */
export function readingOrder(lines: OcrLine[]): OcrLine[] {
  const info = lines.map((l) => {
    const ys = l.box.map((p) => p[1]);
    const top = Math.min(...ys);
    const bottom = Math.max(...ys);
    return { l, cy: (top + bottom) / 2, h: bottom - top, x: Math.min(...l.box.map((p) => p[0])) };
  });
  info.sort((a, b) => a.cy - b.cy);
  const rows: (typeof info)[] = [];
  for (const item of info) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(item.cy - row[0]!.cy) < Math.max(item.h, row[0]!.h) / 2) row.push(item);
    else rows.push([item]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.x - b.x).map((i) => i.l));
}
