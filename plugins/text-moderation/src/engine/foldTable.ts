/**
 * The per-character folding rules, computed once for the whole Basic
 * Multilingual Plane so that normalising text is a table look-up per
 * character. Characters outside it (styled mathematical letters, emoji) take
 * the slow path, cached.
 */
import { CLAUSE_MARK_FORMS } from './clauses.js';
import { confusableLetter } from './confusables.js';
import { EVASION_BIT, EVASIONS } from './evasion.js';
import { isCombiningMark } from './marks.js';
import { simplifyEach } from './simplify.js';
import { enclosedLetter, enclosedNumber, HOMOPHONES, LATIN_LOOK_ALIKES } from './variants.js';

/** `single[cp]` is the folded code point, or one of these. */
export const DROPPED = -1;
export const SEVERAL = -2;
/** A combining mark: folded away into the letter before it (`engine/marks.ts`). */
export const MARK = -3;

export interface Folded {
  cps: number[];
  flags: number;
}

// Zero-width characters, joiners, bidi controls, variation selectors, soft hyphen and Hangul fillers:
// invisible, so people slip them inside words.
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
  [0xe0100, 0xe01ef],
];
// Whitespace, punctuation and symbols (emoji included) that people put between characters to split
// a word; clause marks (clauses.ts) are kept, since no word runs across one.
const SEPARATOR = /[\s\p{P}\p{S}]/u;
const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;
const MARKS = /\p{M}/gu;

function isInvisible(cp: number): boolean {
  return INVISIBLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** The evasion NFKC undid for one character: none, full-width forms, or other styled forms (Ⓐ, ①, 𝐩). */
export function compatEvasion(cp: number, ch: string, compat: string): number {
  if (compat === ch) return 0;
  return (cp >= 0xff01 && cp <= 0xff5e) || cp === 0x3000 ? EVASION_BIT.fullwidth : EVASION_BIT.styled;
}

/**
 * A Latin letter without its accents ("sè qíng" is pinyin with tone marks,
 * "pórn" a dodge); other scripts keep theirs (Japanese が is not か).
 */
function withoutAccents(letter: string): string {
  if (!LATIN.test(letter)) return letter;
  const base = letter.normalize('NFD').replace(MARKS, '');
  return base || letter;
}

/** Width, case, style, accent and look-alike folding of one character, separators other than clause marks dropped. */
function foldCompat(cp: number): Folded {
  if (isInvisible(cp)) return { cps: [], flags: 0 };
  const ch = String.fromCodePoint(cp);
  const compat = enclosedLetter(cp) ?? enclosedNumber(cp) ?? ch.normalize('NFKC');
  let flags = compatEvasion(cp, ch, compat);
  const cps: number[] = [];
  for (const part of compat) {
    let lower = part.toLowerCase();
    if (SEPARATOR.test(lower) && !CLAUSE_MARK_FORMS.has(lower)) continue;
    if (lower !== part) flags |= EVASION_BIT.case;
    const lookAlike = LATIN_LOOK_ALIKES[part] ?? LATIN_LOOK_ALIKES[lower];
    const plain = withoutAccents(lower);
    if (lookAlike) {
      lower = lookAlike;
      flags |= EVASION_BIT.homoglyph;
    } else if (plain !== lower) {
      lower = plain;
      flags |= EVASION_BIT.accent;
    } else {
      const confusable = confusableLetter(lower);
      if (confusable) {
        lower = confusable;
        flags |= EVASION_BIT.homoglyph;
      }
    }
    for (const c of lower) cps.push(c.codePointAt(0)!);
  }
  return { cps, flags };
}

export interface FoldTable {
  single: Int32Array;
  flags: Uint16Array;
  /**
   * `single` and `flags` in one word, so normalising reads one table per
   * character: the folded code point in the low 16 bits and the flags above
   * them, or DROPPED / SEVERAL / MARK. The few characters that fold outside the
   * plane (CJK compatibility ideographs such as U+FA6C) are SEVERAL.
   */
  packed: Int32Array;
  several: Map<number, Folded>;
  /** Traditional characters and their simplified forms, before any other substitution. */
  simplified: Map<number, number>;
  /** Characters homophone folding changes, and what they fold to without it (家 → 家, 傢 → 家). */
  beforeHomophone: Map<number, number>;
}

export const FLAGS_SHIFT = 16;
export const CODE_POINT_MASK = (1 << FLAGS_SHIFT) - 1;

function buildTable(): FoldTable {
  const single = new Int32Array(0x10000);
  const flags = new Uint16Array(0x10000);
  const several = new Map<number, Folded>();
  const simplifiedForms = new Map<number, number>();
  const han: number[] = [];
  for (let cp = 0; cp < 0x10000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) {
      single[cp] = cp; // lone surrogate halves: kept as they are
      continue;
    }
    if (isCombiningMark(cp) && !isInvisible(cp)) {
      single[cp] = MARK;
      flags[cp] = EVASION_BIT.accent;
      continue;
    }
    const folded = foldCompat(cp);
    flags[cp] = folded.flags;
    if (folded.cps.length === 0) single[cp] = DROPPED;
    else if (folded.cps.length > 1 || folded.cps[0]! > CODE_POINT_MASK) {
      single[cp] = SEVERAL;
      several.set(cp, folded);
    } else {
      single[cp] = folded.cps[0]!;
      if (HAN.test(String.fromCodePoint(folded.cps[0]!))) han.push(cp);
    }
  }
  const simplified = simplifyEach(han.map((cp) => String.fromCodePoint(single[cp]!)));
  han.forEach((cp, i) => {
    const s = simplified[i]!;
    if (s.length === 1 && s.codePointAt(0) !== single[cp]) {
      single[cp] = s.codePointAt(0)!;
      simplifiedForms.set(cp, single[cp]);
      flags[cp] = flags[cp]! | EVASION_BIT.traditional;
    }
  });
  const beforeHomophone = new Map<number, number>();
  for (let cp = 0; cp < 0x10000; cp++) {
    const target = single[cp]! >= 0 ? HOMOPHONES[String.fromCodePoint(single[cp]!)] : undefined;
    if (target && target.codePointAt(0) !== single[cp]) {
      beforeHomophone.set(cp, single[cp]!);
      single[cp] = target.codePointAt(0)!;
      flags[cp] = flags[cp]! | EVASION_BIT.homophone;
    }
  }
  if (EVASIONS.length > 31 - FLAGS_SHIFT) throw new Error('evasion flags no longer fit beside a code point');
  const packed = new Int32Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) packed[cp] = single[cp]! < 0 ? single[cp]! : single[cp]! | (flags[cp]! << FLAGS_SHIFT);
  return { single, flags, packed, several, simplified: simplifiedForms, beforeHomophone };
}

let table: FoldTable | undefined;
const astral = new Map<number, Folded>();

/** The table, built on first use (about 100 ms). */
export function foldTable(): FoldTable {
  table ??= buildTable();
  return table;
}

/** Folding of a character outside the table's plane. */
export function foldAstral(cp: number): Folded {
  let folded = astral.get(cp);
  if (!folded) {
    folded = foldCompat(cp);
    if (astral.size < 10_000) astral.set(cp, folded);
  }
  return folded;
}
