/**
 * Folds text into the form lexicons are matched against, and remembers where
 * each folded character came from so hits can be reported in the caller's own
 * code-point offsets.
 */

import { simplifyChars } from './simplify.js';
import { HOMOPHONES, LATIN_STAND_INS } from './variants.js';

export type Evasion = 'fullwidth' | 'case' | 'styled' | 'separator' | 'traditional' | 'homophone' | 'homoglyph';

export interface NormalizedText {
  /** Folded code points. */
  chars: string[];
  /** For each folded code point, the index of the original code point it came from. */
  source: number[];
  /** For each folded code point, what folding changed to produce it. */
  evasions: Evasion[][];
  /** The caller's text split into code points. */
  original: string[];
  /** skippedBefore[i] = how many original code points before index i were dropped as separators. */
  skippedBefore: number[];
}

// Zero-width characters, joiners, bidi controls, variation selectors, soft hyphen and Hangul fillers:
// invisible, so people slip them inside words. Ranges by code point, since a regex class would
// combine some of them with their neighbours.
const INVISIBLE_RANGES: [number, number][] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
];

function isInvisible(cp: number): boolean {
  return INVISIBLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}
// Whitespace, punctuation and symbols that people put between characters to split a word.
const SEPARATOR = /[\s\p{P}\p{S}]/u;

function isFullwidth(cp: number): boolean {
  return (cp >= 0xff01 && cp <= 0xff5e) || cp === 0x3000;
}

export function normalize(text: string): NormalizedText {
  const original = [...text];
  const out: NormalizedText = { chars: [], source: [], evasions: [], original, skippedBefore: [] };
  let skipped = 0;
  original.forEach((ch, index) => {
    out.skippedBefore.push(skipped);
    const before = out.chars.length;
    if (!isInvisible(ch.codePointAt(0)!)) foldChar(ch, index, out);
    if (out.chars.length === before) skipped++;
  });
  out.skippedBefore.push(skipped);
  foldTraditional(out);
  foldVariants(out);
  return out;
}

function foldTraditional(out: NormalizedText): void {
  const simplified = simplifyChars(out.chars);
  simplified.forEach((ch, i) => {
    if (ch !== out.chars[i]) {
      out.chars[i] = ch;
      out.evasions[i] = [...out.evasions[i]!, 'traditional'];
    }
  });
}

const LATIN = /\p{Script=Latin}/u;

/** Sound-alike characters, then Latin stand-ins ("V信" → 微信), which may fold several letters into one character. */
function foldVariants(out: NormalizedText): void {
  out.chars.forEach((ch, i) => {
    const canonical = HOMOPHONES[ch];
    if (canonical && canonical !== ch) {
      out.chars[i] = canonical;
      out.evasions[i] = [...out.evasions[i]!, 'homophone'];
    }
  });
  for (let i = 0; i < out.chars.length; i++) {
    if (i > 0 && LATIN.test(out.chars[i - 1]!)) continue;
    for (const rule of LATIN_STAND_INS) {
      const n = rule.letters.length;
      if (out.chars.slice(i, i + n).join('') !== rule.letters || out.chars[i + n] !== rule.before) continue;
      const evasions = [...new Set([...out.evasions.slice(i, i + n).flat(), 'homoglyph' as const])];
      out.chars.splice(i, n, rule.means);
      out.source.splice(i + 1, n - 1);
      out.evasions.splice(i, n, evasions);
      break;
    }
  }
}

function foldChar(ch: string, index: number, out: NormalizedText): void {
  const cp = ch.codePointAt(0)!;
  const compat = ch.normalize('NFKC');
  const changedByCompat = compat !== ch;
  for (const part of compat) {
    const folded = part.toLowerCase();
    if (SEPARATOR.test(folded)) continue;
    const evasions: Evasion[] = [];
    if (changedByCompat) evasions.push(isFullwidth(cp) ? 'fullwidth' : 'styled');
    if (folded !== part) evasions.push('case');
    for (const f of folded) {
      out.chars.push(f);
      out.source.push(index);
      out.evasions.push(evasions);
    }
  }
}

/** Folds a lexicon entry the same way, without offsets. */
export function foldTerm(term: string): string {
  return normalize(term).chars.join('');
}
