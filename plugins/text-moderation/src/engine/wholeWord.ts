import type { MatchTarget } from '../lexicon/compile.js';
import { droppedWithin, originalEnd, type NormalizedText } from './normalize.js';
import { isAsciiLower } from './repeats.js';

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

/**
 * The folded character `i` when it comes straight after original index
 * `after` (nothing dropped between) and so continues the word there, else -1.
 * Folded text is where styled, circled and full-width letters are letters at
 * all: `𝐢𝐝𝐢𝐨𝐭𝐢𝐜` is one word, while a separator folding dropped (`idiot s`)
 * still ends it.
 */
function joinedAt(n: NormalizedText, i: number, after: number): number {
  return i < n.length && n.source[i] === after ? n.folded[i]! : -1;
}

/** A word this short may be an abbreviation, whose "s" (or its last letter doubled) makes another word ("kys", "kyss"). */
const MIN_PLURAL_LETTERS = 4;

/** "es" makes the plural after s, x, z, ch and sh ("bitches"); "s" after anything else. */
function pluralSuffix(last: number, beforeLast: number): string {
  return last === 0x73 || last === 0x78 || last === 0x7a || (last === 0x68 && (beforeLast === 0x63 || beforeLast === 0x73)) ? 'es' : 's';
}

/** How many folded characters of the plural ending follow the word `from`–`to`, joined to it; 0 if none. */
function pluralEnding(n: NormalizedText, from: number, to: number): number {
  const last = n.folded[to - 1]!;
  if (to - from < MIN_PLURAL_LETTERS || !isAsciiLower(last)) return 0;
  const suffix = pluralSuffix(last, n.folded[to - 2]!);
  let after = originalEnd(n, to);
  for (let k = 0; k < suffix.length; k++) {
    if (joinedAt(n, to + k, after) !== suffix.charCodeAt(k)) return 0;
    after = originalEnd(n, to + k + 1);
  }
  return suffix.length;
}

/** Whether a word character goes on right after folded `[…, to)`. */
function wordGoesOn(n: NormalizedText, to: number): boolean {
  const next = joinedAt(n, to, originalEnd(n, to));
  return next >= 0 && isWordChar(next);
}

/** Whether a word character comes right before folded `[from, …)`. */
function wordCameBefore(n: NormalizedText, from: number): boolean {
  return from > 0 && originalEnd(n, from) === n.source[from] && isWordChar(n.folded[from - 1]!);
}

/**
 * Whether folded letter `i` is doubled: the same letter right after it,
 * nothing between ("ffuk", "shitt"). Filters that collapse doubled letters
 * read such a word as the listed one; English seldom doubles a word's first
 * letter, or the last of a listed word.
 */
function doubled(n: NormalizedText, i: number): boolean {
  const c = n.folded[i]!;
  return isAsciiLower(c) && joinedAt(n, i + 1, originalEnd(n, i + 1)) === c;
}

/**
 * Whether folded `[from, to)` holds no more separators than the term's own
 * `ownSkipped` (-1: the caller knows it does): a doubled edge letter joins
 * only a word written without them, since "a boss" is no doubled "abos".
 */
function unspaced(n: NormalizedText, from: number, to: number, ownSkipped: number): boolean {
  return ownSkipped >= 0 && droppedWithin(n, from, to) <= ownSkipped;
}

/**
 * The folded index where the hit on folded `[from, to)` starts when it is a
 * whole word: `from`, or the letter before it when that only doubles its
 * first letter at the word's start ("ffuk") and the match is `unspaced`; -1
 * when a word goes on before it.
 */
export function wholeWordStart(n: NormalizedText, from: number, to: number, target: Pick<MatchTarget, 'wordStart'>, ownSkipped: number): number {
  if (!target.wordStart || !wordCameBefore(n, from)) return from;
  return doubled(n, from - 1) && !wordCameBefore(n, from - 1) && unspaced(n, from, to, ownSkipped) ? from - 1 : -1;
}

/**
 * The folded index where the hit on folded `[from, to)` ends when it is a
 * whole word, or -1: a Latin-script form inside a longer word is no hit,
 * except that an English plural is the word itself ("idiots", "bitches") and
 * its ending joins the hit, as does a doubled last letter ("shitt") when
 * the match is `unspaced`.
 */
export function wholeWordEnd(n: NormalizedText, from: number, to: number, target: Pick<MatchTarget, 'wordEnd'>, ownSkipped: number): number {
  if (!target.wordEnd || !wordGoesOn(n, to)) return to;
  const plural = pluralEnding(n, from, to);
  if (plural && !wordGoesOn(n, to + plural)) return to + plural;
  // A short word's last letter doubled may make another word, as its plural may ("kys", "kyss").
  const doubles = to - from >= MIN_PLURAL_LETTERS && doubled(n, to - 1) && !wordGoesOn(n, to + 1);
  return doubles && unspaced(n, from, to, ownSkipped) ? to + 1 : -1;
}
