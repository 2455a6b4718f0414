import { AhoCorasick } from '../engine/ahoCorasick.js';
import { EVASION_BIT } from '../engine/evasion.js';
import { foldTerm } from '../engine/normalize.js';
import type { Combination, PartUse } from '../engine/proximity.js';
import type { LexiconEntry } from './entry.js';
import { digitSpellings } from './digits.js';
import { mixedSpellings, pinyinSpellings } from './pinyin.js';

/**
 * What the automaton reports for a match: the entry's own fields copied in,
 * so a match reads one object (large lexicons do not fit the CPU caches, and
 * each object followed is a memory round trip).
 */
export interface MatchTarget extends LexiconEntry {
  /**
   * Latin-script forms only match as whole words ("ass" must not fire inside
   * "class"): no letter or digit may sit right before a form that starts with
   * one (`wordStart`), or right after one that ends with one (`wordEnd`).
   */
  wordStart: boolean;
  wordEnd: boolean;
  /**
   * Written with a `*` end, so it may match inside a longer word; but a
   * match with separators folded away inside it must still be a whole word,
   * or "an also" would hold "anal*".
   */
  inWords: boolean;
  /** Evasion the form itself stands for, reported on each of its matches: pinyin for a pinyin spelling, homoglyph for a digit spelling. */
  formBits: number;
  /**
   * A short term's whole pinyin ("yuepao" for 约炮): two syllables often spell
   * an ordinary word too ("bing du" is 病毒 as much as 冰毒), so it counts only
   * inside Chinese text, a Han character right before or after it.
   */
  hanContext: boolean;
  /** Evasion bits the term's own spelling has; not reported as evasion. */
  ownBits: number;
  /** Separators inside the term itself ("fuck you"); more than these in a match is evasion. */
  ownSkipped: number;
  /**
   * For a part of combination terms: every combination it is a part of, and
   * which part. One target serves all of them ("楼" ends a dozen threats), so
   * a text full of one part costs one match per occurrence, not a dozen; its
   * entry fields are those of the first combination. Null for an ordinary term.
   */
  uses: PartUse[] | null;
}

export type Matcher = AhoCorasick<MatchTarget>;

/** Whole pinyin of a term this many syllables long stands alone; a shorter one wants Chinese around it. */
const MIN_SYLLABLES_ALONE = 3;

const LATIN_ONLY = /^[\p{Script=Latin}\d\s'-]+$/u;

export interface CompileOptions {
  /** Also match Chinese terms written out in pinyin (default true). */
  pinyin?: boolean;
}

interface Form {
  text: string;
  use: PartUse | null;
  /** `*` at an end of the term: it may match inside a longer word there ("fuck*" in "fucker", "*porn" in "xXxporn"). */
  openStart: boolean;
  openEnd: boolean;
}

/** A term's `*` ends (`engine/wholeWord.ts`) taken off, and which there were. */
function withEnds(text: string, use: PartUse | null): Form {
  const openStart = text.length > 1 && text.startsWith('*');
  const openEnd = text.length > 1 && text.endsWith('*');
  return { text: text.slice(openStart ? 1 : 0, openEnd ? -1 : undefined).trim(), use, openStart, openEnd };
}

const LATIN_EDGE = /^[\p{Script=Latin}\d]$/u;

/**
 * One object literal, so every target has the same shape. `spelling` is what
 * the automaton matches: the form itself, or its digit or pinyin spelling
 * ("色qing视频" is a word at neither end, "luo聊" at its start).
 */
function target(entry: LexiconEntry, form: Form, spelling: string, formBits: number, ownBits: number, ownSkipped: number, hanContext = false): MatchTarget {
  const { word, category, weight, lexicon, kind } = entry;
  const latin = LATIN_ONLY.test(form.text);
  const chars = [...spelling.trim()];
  const wordStart = !form.openStart && (latin || LATIN_EDGE.test(chars[0] ?? ''));
  const wordEnd = !form.openEnd && (latin || LATIN_EDGE.test(chars[chars.length - 1] ?? ''));
  const inWords = form.openStart || form.openEnd;
  const uses = form.use ? [form.use] : null;
  // A term is reported as written, less its `*` ends; a combination as its whole term.
  return { word: entry.parts ? word : form.text, category, weight, lexicon, kind, wordStart, wordEnd, inWords, hanContext, formBits, ownBits, ownSkipped, uses };
}

/** What the automaton matches for an entry: the term itself, or each part of a combination. */
function textsOf(entry: LexiconEntry): Form[] {
  if (!entry.parts) return [withEnds(entry.word, null)];
  const { word, category, weight, lexicon } = entry;
  const combination: Combination = { parts: entry.parts.length, word, category, weight, lexicon };
  return entry.parts.map((text, part) => withEnds(text, { combination, part }));
}

/**
 * One automaton entry per distinct part spelling: a part shared by several
 * combinations adds each to the first target's uses instead of an output of
 * its own. Everything a part match is checked with (category, whole-word
 * ends, evasion bits) is part of the key, so the shared target stands for each.
 */
function* sharingParts(forms: Iterable<[number[], MatchTarget]>): Generator<[number[], MatchTarget]> {
  const shared = new Map<string, MatchTarget>();
  for (const [cps, target] of forms) {
    if (!target.uses) {
      yield [cps, target];
      continue;
    }
    const key = [target.category, target.wordStart, target.wordEnd, target.inWords, target.hanContext, target.formBits, target.ownBits, target.ownSkipped, ...cps].join();
    const first = shared.get(key);
    if (first) first.uses!.push(...target.uses);
    else {
      shared.set(key, target);
      yield [cps, target];
    }
  }
}

/** The folded form of every entry (and its digit and pinyin spellings), made as the automaton takes them. */
function* spellings(entries: readonly LexiconEntry[], options: CompileOptions): Generator<[number[], MatchTarget]> {
  const withPinyin = options.pinyin ?? true;
  for (const entry of entries) {
    for (const form of textsOf(entry)) {
      const folded = foldTerm(form.text);
      yield [folded.cps, target(entry, form, form.text, 0, folded.bits, folded.skipped)];
      if (entry.kind === 'deny') {
        for (const spelling of digitSpellings(form.text)) {
          const digits = foldTerm(spelling);
          yield [digits.cps, target(entry, form, spelling, EVASION_BIT.homoglyph, digits.bits, digits.skipped)];
        }
      }
      if (!withPinyin) continue;
      // An allow term clears its mixed spellings too ("大ma烦" is still 大麻烦); its full pinyin is too short to matter.
      if (entry.kind === 'deny') {
        const short = [...form.text].length < MIN_SYLLABLES_ALONE;
        for (const spelling of pinyinSpellings(form.text)) {
          yield [foldTerm(spelling).cps, target(entry, form, spelling, EVASION_BIT.pinyin, 0, 0, short)];
        }
      }
      for (const spelling of mixedSpellings(form.text)) {
        yield [foldTerm(spelling).cps, target(entry, form, spelling, EVASION_BIT.pinyin, 0, 0)];
      }
    }
  }
}

function forms(entries: readonly LexiconEntry[], options: CompileOptions): Generator<[number[], MatchTarget]> {
  return sharingParts(spellings(entries, options));
}

/** Builds one automaton over the entries, at once: for a request's own few words. */
export function compileLexicon(entries: readonly LexiconEntry[], options: CompileOptions = {}): Matcher {
  return AhoCorasick.build(forms(entries, options));
}

/**
 * Builds one automaton in slices of about `sliceMs`, so a worker compiling a
 * large lexicon (50,000 terms take a second or two) keeps serving its jobs.
 */
export function compileLexiconInSlices(entries: readonly LexiconEntry[], options: CompileOptions = {}, sliceMs?: number): Promise<Matcher> {
  return AhoCorasick.buildInSlices(forms(entries, options), sliceMs);
}
