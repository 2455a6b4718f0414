import { describe, expect, it } from 'vitest';
import { convexHull, corners, minAreaRect, unclip, type Point } from '../src/geometry.js';
import { ctcChars, ctcDecode } from '../src/engines/paddle/recognize.js';
import { restoreSpaces } from '../src/engines/paddle/wordSpaces.js';
import { removeCjkSpaces } from '../src/engines/tesseract/tesseractEngine.js';
import { readingOrder, type OcrLine } from '../src/engines/engine.js';

describe('geometry', () => {
  it('finds the rotated rectangle around rotated points, longer side along the text', () => {
    const angle = (20 * Math.PI) / 180;
    const points: Point[] = [];
    for (let u = -50; u <= 50; u += 5) for (let v = -10; v <= 10; v += 5) points.push([100 + u * Math.cos(angle) - v * Math.sin(angle), 60 + u * Math.sin(angle) + v * Math.cos(angle)]);
    const rect = minAreaRect(convexHull(points));
    expect(rect.width).toBeCloseTo(100, 3);
    expect(rect.height).toBeCloseTo(20, 3);
    expect(rect.angle).toBeCloseTo(angle, 3);
    expect([rect.cx, rect.cy].map((v) => Math.round(v))).toEqual([100, 60]);
    const [tl, tr] = corners(rect);
    expect(tl[0]).toBeLessThan(tr[0]);
  });

  it('unclips by area × ratio / perimeter on every side', () => {
    const grown = unclip({ cx: 0, cy: 0, width: 100, height: 20, angle: 0 }, 1.5);
    const d = (100 * 20 * 1.5) / 240;
    expect(grown.width).toBeCloseTo(100 + 2 * d);
    expect(grown.height).toBeCloseTo(20 + 2 * d);
  });
});

describe('CTC decoding', () => {
  it('takes the best class per step, collapses repeats and drops blanks', () => {
    const dict = ['a', 'b', 'c'];
    // steps: a a blank a b b → "aab"
    const steps = [1, 1, 0, 1, 2, 2];
    const probs = new Float32Array(steps.length * 4);
    steps.forEach((c, t) => (probs[t * 4 + c] = 0.9));
    expect(ctcDecode(probs, steps.length, 4, 0, dict)).toEqual({ text: 'aab', confidence: expect.closeTo(0.9, 5) });
  });
});

describe('word spaces from character positions', () => {
  /** A 48 px-high white line crop with black ink over the given column ranges. */
  function crop(width: number, inked: [number, number][]) {
    const data = new Uint8Array(width * 48 * 3).fill(255);
    for (const [from, to] of inked) for (let y = 10; y < 38; y++) for (let x = from; x < to; x++) data.fill(0, (y * width + x) * 3, (y * width + x) * 3 + 3);
    return { data, width, height: 48 };
  }
  // Steps are 8 px wide: characters at steps 1, 3, 5 | 9, 11, 8 px apart within words and 24 px across the word gap.
  const ink: [number, number][] = [[8, 16], [24, 32], [40, 48], [72, 80], [88, 96]];
  const at = (chars: string, steps: number[]) => [...chars].map((char, i) => ({ char, start: steps[i]!, end: steps[i]! }));

  it('puts back a space the model dropped between Latin words, where the line has an ink-free stretch as wide as a space', () => {
    expect(restoreSpaces(at('forfr', [1, 3, 5, 9, 11]), crop(100, ink), 8)).toBe('for fr');
  });

  it('adds none between letters of one word, none where the model already put one, none between Chinese characters', () => {
    const tight: [number, number][] = [[8, 16], [24, 32], [40, 48], [52, 80], [84, 96]];
    expect(restoreSpaces(at('forfr', [1, 3, 5, 9, 11]), crop(100, tight), 8)).toBe('forfr');
    expect(restoreSpaces(at('for fr', [1, 3, 5, 7, 9, 11]), crop(100, ink), 8)).toBe('for fr');
    expect(restoreSpaces(at('免费色情片', [1, 3, 5, 9, 11]), crop(100, ink), 8)).toBe('免费色情片');
    expect(restoreSpaces(at('加微信abc', [1, 3, 5, 9, 10, 11]), crop(100, ink), 8)).toBe('加微信 abc');
  });

  it('keeps each character’s steps through CTC decoding', () => {
    const steps = [0, 1, 1, 0, 0, 2];
    const probs = new Float32Array(steps.length * 3);
    steps.forEach((c, t) => (probs[t * 3 + c] = 0.9));
    expect(ctcChars(probs, steps.length, 3, 0, ['a', 'b']).chars).toEqual([
      { char: 'a', start: 1, end: 2 },
      { char: 'b', start: 5, end: 5 },
    ]);
  });
});

describe('text clean-up and order', () => {
  it('removes the spaces tesseract puts between CJK characters, not between words', () => {
    expect(removeCjkSpaces('加 微 信 abc123 领 红 包')).toBe('加微信 abc123 领红包');
    expect(removeCjkSpaces('Call 13812345678 now')).toBe('Call 13812345678 now');
  });

  it('orders lines top to bottom and boxes on one line left to right', () => {
    const line = (text: string, x: number, y: number): OcrLine => ({ text, confidence: 1, box: [[x, y], [x + 50, y], [x + 50, y + 20], [x, y + 20]] });
    expect(readingOrder([line('c', 0, 100), line('b', 200, 3), line('a', 0, 0)]).map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });
});
