import { AhoCorasick } from '../engine/ahoCorasick.js';
import { foldTerm } from '../engine/normalize.js';
import type { LexiconEntry } from './entry.js';
import { pinyinSpellings } from './pinyin.js';

/**
 * What the automaton reports for a match: the entry's own fields copied in,
 * so a match reads one object (large lexicons do not fit the CPU caches, and
 * each object followed is a memory round trip).
 */
export interface MatchTarget extends LexiconEntry {
  /** Latin-script forms only match as whole words ("ass" must not fire inside "class"). */
  wholeWord: boolean;
  viaPinyin: boolean;
  /** Evasion bits the term's own spelling has; not reported as evasion. */
  ownBits: number;
  /** Separators inside the term itself ("fuck you"); more than these in a match is evasion. */
  ownSkipped: number;
}

export type Matcher = AhoCorasick<MatchTarget>;

const LATIN_ONLY = /^[\p{Script=Latin}\d\s'-]+$/u;

export interface CompileOptions {
  /** Also match Chinese terms written out in pinyin (default true). */
  pinyin?: boolean;
}

// One object literal, so every target has the same shape.
function target(entry: LexiconEntry, wholeWord: boolean, viaPinyin: boolean, ownBits: number, ownSkipped: number): MatchTarget {
  const { word, category, weight, lexicon, kind } = entry;
  return { word, category, weight, lexicon, kind, wholeWord, viaPinyin, ownBits, ownSkipped };
}

/** The folded form of every entry (and its pinyin spellings), made as the automaton takes them. */
function* forms(entries: readonly LexiconEntry[], options: CompileOptions): Generator<[number[], MatchTarget]> {
  const withPinyin = options.pinyin ?? true;
  for (const entry of entries) {
    const folded = foldTerm(entry.word);
    yield [folded.cps, target(entry, LATIN_ONLY.test(entry.word), false, folded.bits, folded.skipped)];
    if (!withPinyin || entry.kind !== 'deny') continue;
    for (const spelling of pinyinSpellings(entry.word)) {
      yield [foldTerm(spelling).cps, target(entry, true, true, 0, 0)];
    }
  }
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
