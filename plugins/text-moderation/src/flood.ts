import type { TextHit } from '@crs/core';

/** A run of one character this long or longer is flooding ("啊啊啊啊啊啊啊啊啊啊啊啊"). */
const RUN_LENGTH = 10;
/** A text this long whose distinct characters are this small a share of it is flooding. */
const MIN_LENGTH_FOR_RATIO = 30;
const DISTINCT_RATIO = 0.08;

export interface FloodFinding {
  score: number;
  hits: TextHit[];
}

/** Finds character runs and texts made of a handful of repeated characters. */
export function detectFlood(original: readonly string[]): FloodFinding {
  const hits: TextHit[] = [];
  let score = 0;
  let runStart = 0;
  for (let i = 1; i <= original.length; i++) {
    if (i < original.length && original[i] === original[runStart]) continue;
    const length = i - runStart;
    const ch = original[runStart]!;
    if (length >= RUN_LENGTH && ch.trim()) {
      hits.push({
        category: 'flood',
        word: ch.repeat(RUN_LENGTH),
        lexicon: 'flood',
        start: runStart,
        end: i,
        matched: original.slice(runStart, i).join(''),
        evasion: [],
      });
      // 10 repeats reviews, 20 or more blocks.
      score = Math.max(score, Math.min(1, 0.5 + (length - RUN_LENGTH) * 0.045));
    }
    runStart = i;
  }
  const visible = original.filter((c) => c.trim());
  if (visible.length >= MIN_LENGTH_FOR_RATIO) {
    const ratio = new Set(visible).size / visible.length;
    if (ratio <= DISTINCT_RATIO) score = Math.max(score, 0.9);
  }
  return { score, hits };
}
