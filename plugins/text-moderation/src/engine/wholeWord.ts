import type { MatchTarget } from '../lexicon/compile.js';
import type { NormalizedText } from './normalize.js';

// Latin letters, their Cyrillic and Greek look-alikes, and digits continue a Latin word; CJK right beside it ("买porn片") does not.
const WORD_CHAR = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}]/u;
let wordCharTable: Uint8Array | undefined;

/** WORD_CHAR as a table for the Basic Multilingual Plane: it is checked beside every Latin-script hit. */
function isWordChar(cp: number): boolean {
  if (cp >= 0x10000) return WORD_CHAR.test(String.fromCodePoint(cp));
  if (!wordCharTable) {
    wordCharTable = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) if (WORD_CHAR.test(String.fromCharCode(c))) wordCharTable[c] = 1;
  }
  return wordCharTable[cp] === 1;
}

/** The letter `cp` as lower-case ASCII (full-width too), else 0. */
function asciiLetter(cp: number): number {
  const c = cp >= 0xff21 && cp <= 0xff5a ? cp - 0xfee0 : cp;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  return c >= 0x61 && c <= 0x7a ? c : 0;
}

/** A word this short may be an abbreviation, whose "s" makes another word ("kys", "kyss"). */
const MIN_PLURAL_LETTERS = 4;

/** "es" makes the plural after s, x, z, ch and sh ("bitches"); "s" after anything else. */
function pluralSuffix(last: number, beforeLast: number): string {
  return last === 0x73 || last === 0x78 || last === 0x7a || (last === 0x68 && (beforeLast === 0x63 || beforeLast === 0x73)) ? 'es' : 's';
}

/** How many characters of the plural ending of the word `start`–`end` follow it and end the word there; 0 if none. */
function pluralEnding(original: Int32Array, start: number, end: number): number {
  if (end - start < MIN_PLURAL_LETTERS) return 0;
  const last = asciiLetter(original[end - 1]!);
  if (!last) return 0;
  const suffix = pluralSuffix(last, asciiLetter(original[end - 2]!));
  for (let k = 0; k < suffix.length; k++) {
    if (end + k >= original.length || asciiLetter(original[end + k]!) !== suffix.charCodeAt(k)) return 0;
  }
  const after = end + suffix.length;
  return after >= original.length || !isWordChar(original[after]!) ? suffix.length : 0;
}

/**
 * Where the hit ends when it is a whole word, or -1: a Latin-script form inside
 * a longer word is no hit (checked on the caller's own characters at its Latin
 * ends), except that an English plural is the word itself ("idiots", "bitches")
 * and its ending joins the hit.
 */
export function wholeWordEnd(n: NormalizedText, start: number, end: number, target: MatchTarget): number {
  if (target.wordStart && start > 0 && isWordChar(n.original[start - 1]!)) return -1;
  if (!target.wordEnd || end >= n.original.length || !isWordChar(n.original[end]!)) return end;
  const plural = pluralEnding(n.original, start, end);
  return plural ? end + plural : -1;
}
