import { AhoCorasick } from '../engine/ahoCorasick.js';
import { foldTerm } from '../engine/normalize.js';
import type { LexiconEntry } from './entry.js';
import { pinyinSpellings } from './pinyin.js';

/** What the automaton reports for a match. */
export interface MatchTarget {
  entry: LexiconEntry;
  /** Latin-script forms only match as whole words ("ass" must not fire inside "class"). */
  wholeWord: boolean;
  viaPinyin: boolean;
}

export type Matcher = AhoCorasick<MatchTarget>;

const LATIN_ONLY = /^[\p{Script=Latin}\d\s'-]+$/u;

export interface CompileOptions {
  /** Also match Chinese terms written out in pinyin (default true). */
  pinyin?: boolean;
}

/** Builds one automaton over the folded form of every entry (and its pinyin spellings). */
export function compileLexicon(entries: readonly LexiconEntry[], options: CompileOptions = {}): Matcher {
  const withPinyin = options.pinyin ?? true;
  function* forms(): Generator<[number[], MatchTarget]> {
    for (const entry of entries) {
      yield [foldTerm(entry.word), { entry, wholeWord: LATIN_ONLY.test(entry.word), viaPinyin: false }];
      if (!withPinyin || entry.kind !== 'deny') continue;
      for (const spelling of pinyinSpellings(entry.word)) {
        yield [foldTerm(spelling), { entry, wholeWord: true, viaPinyin: true }];
      }
    }
  }
  return new AhoCorasick(forms());
}
