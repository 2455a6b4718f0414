/**
 * Combining marks laid over letters: decomposed accents (NFD "po\u0301rn"),
 * strikethrough ("p̶o̶r̶n̶", "加̶微̶信̶") and Zalgo. Folding drops them into the
 * letter they follow, which they belong to: they hide no word and end none
 * ("vehi\u0301culo" is one word). The blocks of marks that decorate any
 * script; a script's own vowel signs and the like are not among them.
 */
const MARK_BLOCKS: readonly [number, number][] = [
  [0x0300, 0x036f], // Combining Diacritical Marks
  [0x0483, 0x0489], // Cyrillic combining marks, Zalgo's favourites
  [0x1ab0, 0x1aff], // Combining Diacritical Marks Extended
  [0x1dc0, 0x1dff], // Combining Diacritical Marks Supplement
  [0x20d0, 0x20ff], // Combining Diacritical Marks for Symbols (enclosing circles, keycaps)
  [0xfe20, 0xfe2f], // Combining Half Marks
];

export function isCombiningMark(cp: number): boolean {
  if (cp < 0x0300 || cp > 0xfe2f) return false;
  for (const [lo, hi] of MARK_BLOCKS) if (cp >= lo && cp <= hi) return true;
  return false;
}
