/**
 * Latin letters stretched to slip past a word list ("fuuuuck", "pornnnn"):
 * a run of three or more of one letter counts as one; and Chinese written with
 * each character twice ("傻傻逼逼"). English spells no word
 * with three of a letter in a row, and lexicon terms fold the same way, so a
 * term written with such a run ("xxx") still matches its own spelling.
 */
import { bitsBetween, EVASION_BIT } from './evasion.js';
import type { NormalizedText } from './normalize.js';

/** A lower-case ASCII letter: how folding leaves every ASCII letter. */
export const isAsciiLower = (c: number) => c >= 0x61 && c <= 0x7a;

/** A CJK unified ideograph (the common blocks). */
const isHan = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);

/** How many doubled Han characters follow one another from folded `r` on ("傻傻逼逼": 2). */
function doubledPairs(folded: Int32Array, length: number, r: number): number {
  let k = 0;
  while (r + 2 * k + 1 < length && isHan(folded[r + 2 * k]!) && folded[r + 2 * k + 1] === folded[r + 2 * k]) k++;
  return k;
}

/** Fewer doubled characters in a row than this are ordinary words (妈妈, 天天, 谢谢). */
const MIN_DOUBLED_PAIRS = 2;

/**
 * Folds each run of three or more of one letter into its first letter,
 * flagged `repeat`, and records where in the caller's text the run ends, so
 * a hit ending on it covers the whole run. With `doubledHan`, also each Han
 * character of a word written twice over ("傻傻逼逼", "加加微微信信"): two or
 * more doubled characters in a row fold to one each; a reduplicated word
 * (高高兴兴) folds to its own base (高兴), which means the same. Runs only for
 * the rare text that has such a run, from the folded index `from` where the
 * first one starts.
 */
export function collapseRepeats(t: NormalizedText, doubledHan: boolean, from = 0): void {
  const { folded, source, flags } = t;
  const runEnds = new Map<number, number>();
  // Nothing before `from` (where normalising saw the first run begin) changes.
  let w = from;
  for (let r = from; r < t.length; ) {
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
    const pairs = doubledHan ? doubledPairs(folded, t.length, r) : 0;
    if (pairs >= MIN_DOUBLED_PAIRS) {
      for (let k = 0; k < pairs; k++, r += 2, w++) {
        runEnds.set(w, source[r + 1]! + 1);
        folded[w] = folded[r]!;
        source[w] = source[r]!;
        flags[w] = EVASION_BIT.repeat | flags[r]! | flags[r + 1]!;
      }
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
