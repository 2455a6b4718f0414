import type { Rgb } from '../../raster.js';
import type { DecodedChar } from './recognize.js';

/** Latin letters and digits, and the punctuation that ends or starts a Latin word. */
const LATIN_END = /[\p{Script=Latin}0-9.,:;!?)%'"]$/u;
const LATIN_START = /^[\p{Script=Latin}0-9(¥￥$€£#@'"]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** An ink-free stretch this wide (a share of the line's height) between two characters is a word space. */
export const SPACE_WIDTH = 0.2;
/** A column is ink-free when no pixel in it differs from the background by this share of the line's contrast. */
const INK = 0.3;

/** Per column of the crop: does it hold ink? Background is the crop's median grey, ink what stands out from it. */
export function inkColumns(crop: Rgb): boolean[] {
  const { width, height, data } = crop;
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = (data[i * 3]! * 299 + data[i * 3 + 1]! * 587 + data[i * 3 + 2]! * 114) / 1000;
  const histogram = new Uint32Array(256);
  for (const g of grey) histogram[g]!++;
  let seen = 0;
  let background = 0;
  while (background < 255 && (seen += histogram[background]!) < grey.length / 2) background++;
  let contrast = 0;
  for (const g of grey) contrast = Math.max(contrast, Math.abs(g - background));
  const limit = Math.max(24, contrast * INK);
  const ink: boolean[] = new Array(width).fill(false);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      if (Math.abs(grey[y * width + x]! - background) > limit) {
        ink[x] = true;
        break;
      }
    }
  }
  return ink;
}

/** The widest run of ink-free columns in [from, to). */
function widestBlank(ink: boolean[], from: number, to: number): number {
  let widest = 0;
  let run = 0;
  for (let x = Math.max(0, from); x < Math.min(ink.length, to); x++) {
    run = ink[x] ? 0 : run + 1;
    widest = Math.max(widest, run);
  }
  return widest;
}

/**
 * The recogniser predicts word spaces but drops some (`for freeporn`), mostly
 * between Latin words, so English ads in pictures went unread. CTC places
 * each character at a time step (`stepWidth` pixels of the crop); where two
 * neighbours the model did not separate have an ink-free stretch between them
 * as wide as a space (a fifth of the line's height), a space goes back. Only
 * where Latin meets Latin or Latin meets CJK: Chinese is written without spaces.
 */
export function restoreSpaces(chars: DecodedChar[], crop: Rgb, stepWidth: number): string {
  let ink: boolean[] | null = null;
  let text = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const before = chars[i - 1];
    if (before && c.char !== ' ' && before.char !== ' ') {
      const latin = LATIN_END.test(before.char) && LATIN_START.test(c.char);
      const mixed = (LATIN_END.test(before.char) && CJK.test(c.char)) || (CJK.test(before.char) && LATIN_START.test(c.char));
      if (latin || mixed) {
        ink ??= inkColumns(crop);
        // From the middle of one character's steps to the middle of the next's.
        const from = Math.round(((before.start + before.end) / 2 + 0.5) * stepWidth);
        const to = Math.round(((c.start + c.end) / 2 + 0.5) * stepWidth);
        if (widestBlank(ink, from, to) >= SPACE_WIDTH * crop.height) text += ' ';
      }
    }
    text += c.char;
  }
  return text;
}
