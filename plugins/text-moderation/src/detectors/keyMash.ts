/**
 * Meaningless key-mash ("asdfghjkl", "qwertyuiop", "jkdhfkjsdhf"): Latin
 * words of 7 or more letters that walk along a keyboard row or pile up
 * consonants no language (English or pinyin) strings together. Only steps to
 * the next key on the same row count as a walk: English bounces between
 * neighbouring keys of adjacent rows all the time ("addresses", "preferred").
 */
import { isAsciiLower } from '../engine/repeats.js';

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const KEY_POS = new Map<number, [number, number]>();
ROWS.forEach((row, r) => [...row].forEach((ch, c) => KEY_POS.set(ch.charCodeAt(0), [r, c])));
const VOWELS = new Set([...'aeiouy'].map((c) => c.charCodeAt(0)));
const MIN_LENGTH = 7;

function lower(cp: number): number {
  return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
}

function isMash(word: number[]): boolean {
  let adjacent = 0;
  let consonants = 0;
  let longestConsonants = 0;
  let vowels = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (VOWELS.has(c)) {
      vowels++;
      consonants = 0;
    } else longestConsonants = Math.max(longestConsonants, ++consonants);
    if (i === 0) continue;
    const a = KEY_POS.get(word[i - 1]!)!;
    const b = KEY_POS.get(c)!;
    if (a[0] === b[0] && Math.abs(a[1] - b[1]) === 1) adjacent++;
  }
  const adjacency = adjacent / (word.length - 1);
  return longestConsonants >= 6 || (adjacency >= 0.75 && word.length >= 8) || (longestConsonants >= 5 && adjacency >= 0.7) || vowels === 0;
}

/** Latin letters of either case, as the flood scan finds words. */
export function isLatinLetter(cp: number): boolean {
  // Setting bit 5 lower-cases A–Z and changes nothing else into a–z.
  return ((cp | 0x20) - 0x61) >>> 0 < 26;
}

const isUpper = (cp: number) => cp >= 0x41 && cp <= 0x5a;

/**
 * Whether the letter at `i` starts a new part of a camel-case name
 * ("prefixLength", "XMLHttp"): such names are words run together, not mash.
 */
export function startsCamelPart(cps: Int32Array, i: number): boolean {
  const cp = cps[i]!;
  if (!isUpper(cp) || i === 0) return false;
  const before = cps[i - 1]!;
  return isAsciiLower(before) || (isUpper(before) && i + 1 < cps.length && isAsciiLower(cps[i + 1]!));
}

/** Whether the Latin word `cps[start..end)` is key-mash; words shorter than 7 letters never are. */
export function isKeyMash(cps: Int32Array, start: number, end: number): boolean {
  return end - start >= MIN_LENGTH && isMash(Array.from(cps.subarray(start, end), lower));
}
