import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { categorySchema, type Category } from '@crs/core';
import { AhoCorasick } from './ahoCorasick.js';
import { foldTerm } from './normalize.js';

export interface LexiconEntry {
  category: Category;
  weight: number;
  /** The term as written in the lexicon. */
  word: string;
  lexicon: string;
  /** Latin-script terms only match as whole words ("ass" must not fire inside "class"). */
  wholeWord: boolean;
}

const LATIN_ONLY = /^[\p{Script=Latin}\d\s'-]+$/u;

export function parseLexicon(name: string, tsv: string): LexiconEntry[] {
  const entries: LexiconEntry[] = [];
  tsv.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [category, weight, word] = line.split('\t');
    const cat = categorySchema.safeParse(category);
    const w = Number(weight);
    if (!cat.success || !(w > 0 && w <= 1) || !word?.trim()) {
      throw new Error(`lexicon ${name} line ${i + 1}: expected "category<TAB>weight(0-1]<TAB>term"`);
    }
    entries.push({ category: cat.data, weight: w, word: word.trim(), lexicon: name, wholeWord: LATIN_ONLY.test(word) });
  });
  return entries;
}

export function loadBuiltInLexicon(): LexiconEntry[] {
  const file = fileURLToPath(new URL('../data/base.tsv', import.meta.url));
  return parseLexicon('base', readFileSync(file, 'utf8'));
}

/** Builds the matcher over the folded form of every entry. */
export function buildMatcher(entries: LexiconEntry[]): AhoCorasick<LexiconEntry> {
  return new AhoCorasick(entries.map((e) => [foldTerm(e.word), e] as [string, LexiconEntry]));
}
