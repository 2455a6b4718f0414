/**
 * Folds text into the form lexicons are matched against, and remembers where
 * each folded character came from so hits are reported in the caller's own
 * code-point offsets. Typed arrays throughout: this runs on every character
 * of every text.
 */
import { bitsBetween, EVASION_BIT } from './evasion.js';
import { CODE_POINT_MASK, DROPPED, FLAGS_SHIFT, foldAstral, foldTable, MARK, SEVERAL, type Folded } from './foldTable.js';
import { isCombiningMark } from './marks.js';
import { isCommonPair } from './homophoneContext.js';
import { collapseRepeats, isAsciiLower } from './repeats.js';
import { int32s, uint16s, type Scratch } from './scratch.js';
import { grow } from './typedArrays.js';
import { LATIN_STAND_INS } from './variants.js';

export interface NormalizedText {
  /** The caller's text, untouched. */
  text: string;
  /** Code points of the caller's text. */
  original: Int32Array;
  /**
   * Indices of the original code points outside the Basic Multilingual Plane,
   * in order: each takes two UTF-16 units. Kept as a list rather than an
   * offset per character, since they are rare and offsets are only wanted
   * at hits.
   */
  astral: Int32Array;
  /** Indices of the original code points folding dropped (separators, fillers), in order. */
  dropped: Int32Array;
  /** Folded code points; `length` of them are in use. */
  folded: Int32Array;
  length: number;
  /** For each folded code point, the original code point it came from. */
  source: Int32Array;
  /** For each folded code point, the evasion bits folding undid. */
  flags: Uint16Array;
  /** For a folded character that stands for a stretched run ("uuuu") or a doubled one ("傻傻"), the original index just past it; null while there is none. */
  runEnds: Map<number, number> | null;
  /**
   * Whether each folded character came from an original of its own (none
   * folded into several, no stand-in or stretched run folded several into
   * one), as in most texts: then the originals between two folded
   * characters are exactly the dropped ones.
   */
  oneToOne: boolean;
  /**
   * Whether a digit or symbol sits right against a Latin letter somewhere, so a
   * leetspeak reading of the text may find more (`engine/leet.ts`); false for
   * most texts, which then need no second reading.
   */
  leet: boolean;
  /** Where: original indices of characters against which a digit or symbol sits, in order (`engine/leet.ts` reads only the words there). */
  leetAt: number[];
  /**
   * Whether combining marks were folded into the letters they follow: each
   * such letter's original span then runs on over its marks (`originalEnd`).
   */
  marked: boolean;
}

/** How many of the ascending `indices` are below `i`. */
function countBelow(indices: Int32Array, i: number): number {
  let lo = 0;
  let hi = indices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (indices[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The UTF-16 offset of original code point `i` (`i` may be the text's length in code points). */
export function utf16Offset(n: NormalizedText, i: number): number {
  return i + countBelow(n.astral, i);
}

/** The caller's own text between two code-point offsets. */
export function originalSlice(n: NormalizedText, start: number, end: number): string {
  return n.text.slice(utf16Offset(n, start), utf16Offset(n, end));
}

/** The original index just past folded characters `[…, to)`: past the whole run where the last one stands for several. */
export function originalEnd(n: NormalizedText, to: number): number {
  let end = n.runEnds?.get(to - 1) ?? n.source[to - 1]! + 1;
  if (n.marked) while (end < n.original.length && isCombiningMark(n.original[end]!)) end++;
  return end;
}

/** How many original code points in `[from, to)` folding dropped. */
function droppedBetween(n: NormalizedText, from: number, to: number): number {
  return n.dropped.length === 0 ? 0 : countBelow(n.dropped, to) - countBelow(n.dropped, from);
}

/** How many original code points folding dropped inside the folded span `[from, to)`: between its first character and its last. */
export function droppedWithin(n: NormalizedText, from: number, to: number): number {
  if (n.oneToOne) return n.source[to - 1]! - n.source[from]! - (to - 1 - from);
  return droppedBetween(n, n.source[from]!, originalEnd(n, to) - 1);
}

interface Output {
  folded: Int32Array;
  source: Int32Array;
  flags: Uint16Array;
  n: number;
}

/** The rare case: a character folding into several (⑩ → 10) or one outside the table's plane. */
function appendSeveral(out: Output, f: Folded, index: number): void {
  if (out.n + f.cps.length > out.folded.length) {
    const size = out.folded.length * 2 + f.cps.length;
    out.folded = grow(out.folded, new Int32Array(size));
    out.source = grow(out.source, new Int32Array(size));
    out.flags = grow(out.flags, new Uint16Array(size));
  }
  for (const cp of f.cps) {
    out.folded[out.n] = cp;
    out.source[out.n] = index;
    out.flags[out.n++] = f.flags;
  }
}

const HOMOPHONE_PACKED = EVASION_BIT.homophone << FLAGS_SHIFT;

/**
 * Undoes homophone folding where the character makes a common word with a
 * neighbour (到家, 芯片: `engine/homophoneContext.ts`), at the folded indices
 * where it was done.
 */
function keepCommonWords(t: NormalizedText, at: readonly number[], before: Map<number, number>): void {
  const plain = (i: number) => (t.flags[i]! & EVASION_BIT.homophone ? (before.get(t.original[t.source[i]!]!) ?? t.folded[i]!) : t.folded[i]!);
  // Decided on the text as folded before any is undone, then undone together.
  const undo: [number, number][] = [];
  for (const i of at) {
    const c = plain(i);
    if ((i > 0 && isCommonPair(plain(i - 1), c)) || (i + 1 < t.length && isCommonPair(c, plain(i + 1)))) undo.push([i, c]);
  }
  for (const [i, c] of undo) {
    t.folded[i] = c;
    t.flags[i] = t.flags[i]! & ~EVASION_BIT.homophone;
  }
}

/** A digit or `!`: folding keeps both, and either may stand for a letter inside a word (`engine/leet.ts`). */
const isDigitOrBang = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x21;

/** With a `scratch`, the result lives in its buffers and is valid until the scratch's next use. */
export function normalize(text: string, scratch?: Scratch): NormalizedText {
  const { packed, flags: tableFlags, several, beforeHomophone } = foldTable();
  const capacity = text.length;
  const original = int32s(scratch, 'original', capacity);
  const astral = int32s(scratch, 'astral', capacity >> 1);
  const dropped = int32s(scratch, 'dropped', capacity);
  // Plain locals in the loop (no closure captures them), so V8 keeps them in registers.
  let folded: Int32Array = int32s(scratch, 'folded', capacity + 8);
  let source: Int32Array = int32s(scratch, 'source', capacity + 8);
  let flags: Uint16Array = uint16s(scratch, 'flags', capacity + 8);
  let n = 0;
  let count = 0;
  let astralCount = 0;
  let droppedCount = 0;
  const partners: number[] = [];
  let stretched = false;
  // Where the last character written twice ended, and whether two came in a row (`collapseRepeats`).
  let doubledAt = -3;
  let doubledHan = false;
  // The folded index where the first stretched or doubled run begins.
  let repeatsFrom = capacity;
  let oneToOne = true;
  const leetAt: number[] = [];
  // Where the last `$ @ ( |` was: a letter right after one may make a leetspeak word ("$hit").
  let symbolAt = -2;
  let marked = false;
  // Folded indices where homophone folding changed a character; checked against their neighbours at the end.
  const homophones: number[] = [];
  // Whether the last original character went into the folded text: a combining mark after it belongs to it.
  let kept = false;
  // The last two folded characters, as `afterLatin` wants them.
  let last = -1;
  let beforeLast = -1;

  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
        astral[astralCount++] = count;
      }
    }
    original[count] = cp;
    const p = cp < 0x10000 ? packed[cp]! : SEVERAL;
    if (p >= 0 && n < folded.length) {
      const c = p & CODE_POINT_MASK;
      if (p & HOMOPHONE_PACKED) homophones.push(n);
      folded[n] = c;
      source[n] = count;
      flags[n] = p >>> FLAGS_SHIFT;
      // Most characters follow no Latin letter: test that here before asking the rest.
      if (isAsciiLower(last)) {
        const after = afterLatin(c, last, beforeLast);
        if (after === PARTNER) partners.push(n);
        else if (after === STRETCHED) {
          if (!stretched) repeatsFrom = Math.min(repeatsFrom, n - 2);
          stretched = true;
        } else if (isDigitOrBang(c) && source[n - 1] === count - 1) leetAt.push(count);
      } else if (isAsciiLower(c)) {
        if (symbolAt === count - 1 || (isDigitOrBang(last) && source[n - 1] === count - 1)) leetAt.push(count);
      } else if (c === last && c >= 0x3400) {
        // A character written twice (CJK: Latin doubles are ordinary spelling); two such in a row may be "傻傻逼逼".
        if (doubledAt === n - 2 && !doubledHan) {
          repeatsFrom = Math.min(repeatsFrom, n - 3);
          doubledHan = true;
        }
        doubledAt = n;
      }
      beforeLast = last;
      last = c;
      n++;
      kept = true;
    } else if (p === MARK) {
      // Folded into the letter before it; after a separator (or at the start) it is part of the separator.
      if (kept) {
        flags[n - 1] = flags[n - 1]! | tableFlags[cp]!;
        marked = true;
      } else dropped[droppedCount++] = count;
    } else if (p !== DROPPED) {
      const out: Output = { folded, source, flags, n };
      const several_ = p >= 0 ? { cps: [p & CODE_POINT_MASK], flags: tableFlags[cp]! } : cp < 0x10000 ? several.get(cp)! : foldAstral(cp);
      appendSeveral(out, several_, count);
      kept = out.n > n;
      if (!kept) dropped[droppedCount++] = count;
      else if (out.n > n + 1) oneToOne = false;
      for (let k = n; k < out.n; k++) {
        const c = out.folded[k]!;
        const after = afterLatin(c, last, beforeLast);
        if (after === PARTNER) partners.push(k);
        else if (after === STRETCHED) {
          if (!stretched) repeatsFrom = Math.min(repeatsFrom, k - 2);
          stretched = true;
        }
        beforeLast = last;
        last = c;
      }
      ({ folded, source, flags, n } = out);
    } else {
      dropped[droppedCount++] = count;
      kept = false;
      if (cp === 0x24 || cp === 0x40 || cp === 0x28 || cp === 0x7c) {
        symbolAt = count;
        if (isAsciiLower(last) && source[n - 1] === count - 1) leetAt.push(count);
      }
    }
    count++;
  }

  const result: NormalizedText = {
    text,
    original: original.subarray(0, count),
    astral: astral.subarray(0, astralCount),
    dropped: dropped.subarray(0, droppedCount),
    folded,
    length: n,
    source,
    flags,
    runEnds: null,
    oneToOne: oneToOne && !stretched && !doubledHan && !marked,
    leet: leetAt.length > 0,
    leetAt,
    marked,
  };
  if (homophones.length) keepCommonWords(result, homophones, beforeHomophone);
  const shifted = partners.length > 0 && foldLatinStandIns(result, partners);
  if (shifted) result.oneToOne = false;
  // Stand-ins folded several letters into one, moving the runs left of where they were seen.
  if (stretched || doubledHan) collapseRepeats(result, doubledHan, shifted ? 0 : repeatsFrom);
  return result;
}


/** A Latin letter as folding leaves it: lower case, with or without accents (keyMash's isLatinLetter is ASCII of either case). */
const isFoldedLatinLetter = (cp: number) => (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xc0 && cp <= 0x24f);
/** The CJK characters a Latin stand-in can come before, as a bitmap: checked after every Latin letter. */
const STAND_IN_PARTNERS = new Uint8Array(0x10000);
for (const rule of LATIN_STAND_INS) if (rule.before < 0x10000) STAND_IN_PARTNERS[rule.before] = 1;

const PARTNER = 1;
const STRETCHED = 2;

/**
 * What folded character `c`, after `last` and `beforeLast`, is to the checks
 * that follow a Latin letter: a possible stand-in's partner (a lexicon
 * character right after one), the third of a stretched run, or neither (0).
 */
function afterLatin(c: number, last: number, beforeLast: number): number {
  if (!isAsciiLower(last)) return 0;
  if (c < 0x10000 && STAND_IN_PARTNERS[c] === 1) return PARTNER;
  return c === last && c === beforeLast ? STRETCHED : 0;
}

/**
 * Latin letters written for a CJK character right before its partner ("V信",
 * "wei信" → 微信), at the partners `normalize` noted. Several letters fold
 * into one character, so the arrays shift; whether any fold did.
 */
function foldLatinStandIns(t: NormalizedText, partners: readonly number[]): boolean {
  // Each fold shortens the arrays, moving the later partners left.
  let shift = 0;
  for (const at of partners) {
    const j = at - shift;
    for (const rule of LATIN_STAND_INS) {
      const k = rule.letters.length;
      const i = j - k;
      if (rule.before !== t.folded[j] || i < 0 || (i > 0 && isFoldedLatinLetter(t.folded[i - 1]!))) continue;
      let same = true;
      for (let m = 0; m < k && same; m++) same = t.folded[i + m] === rule.letters[m];
      if (!same) continue;
      t.folded[i] = rule.means;
      t.flags[i] = EVASION_BIT.homoglyph | bitsBetween(t.flags, i, i + k);
      t.folded.copyWithin(i + 1, j, t.length);
      t.source.copyWithin(i + 1, j, t.length);
      t.flags.copyWithin(i + 1, j, t.length);
      t.length -= k - 1;
      shift += k - 1;
      break;
    }
  }
  return shift > 0;
}

/**
 * Folds a lexicon term the same way, without offsets. `bits` are what folding
 * changed in the term itself ("竞品A" is written in capitals), which is no
 * evasion when the text spells it the same way.
 */
export function foldTerm(term: string): { cps: number[]; bits: number; skipped: number } {
  const n = normalize(term);
  return { cps: Array.from(n.folded.subarray(0, n.length)), bits: bitsBetween(n.flags, 0, n.length), skipped: n.dropped.length };
}
