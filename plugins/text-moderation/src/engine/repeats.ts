/**
 * Latin letters stretched to slip past a word list ("fuuuuck", "pornnnn"):
 * a run of three or more of one letter counts as one. English spells no word
 * with three of a letter in a row, and lexicon terms fold the same way, so a
 * term written with such a run ("xxx") still matches its own spelling.
 */
import { bitsBetween, EVASION_BIT } from './evasion.js';
import type { NormalizedText } from './normalize.js';

/** A lower-case ASCII letter: how folding leaves every ASCII letter. */
export const isAsciiLower = (c: number) => c >= 0x61 && c <= 0x7a;

/**
 * Folds each run of three or more of one letter into its first letter,
 * flagged `repeat`, and records where in the caller's text the run ends, so
 * a hit ending on it covers the whole run. Runs only for the rare text that
 * has such a run.
 */
export function collapseStretched(t: NormalizedText): void {
  const { folded, source, flags } = t;
  const runEnds = new Map<number, number>();
  let w = 0;
  for (let r = 0; r < t.length; ) {
    const c = folded[r]!;
    let end = r + 1;
    if (isAsciiLower(c)) while (end < t.length && folded[end] === c) end++;
    if (end - r >= 3) {
      runEnds.set(w, source[end - 1]! + 1);
      folded[w] = c;
      source[w] = source[r]!;
      // Read before this write: w never passes r.
      flags[w++] = EVASION_BIT.repeat | bitsBetween(flags, r, end);
      r = end;
      continue;
    }
    for (; r < end; r++, w++) {
      folded[w] = folded[r]!;
      source[w] = source[r]!;
      flags[w] = flags[r]!;
    }
  }
  t.length = w;
  t.runEnds = runEnds;
}
