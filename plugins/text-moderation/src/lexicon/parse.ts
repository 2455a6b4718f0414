import { categorySchema, combinationParts, combinationProblem, termProblem } from '@crs/core';
import { DEFAULT_WEIGHT, withParts, type LexiconEntry } from './entry.js';

/**
 * Reads a lexicon file: one `term<TAB>category<TAB>weight` per line, weight
 * optional (0.9), `#` comments. The category `allow` marks a term that clears
 * whatever it covers ("大麻烦" keeps 大麻 from firing). A term with `&` is a
 * combination ("炸了&楼"): a threat is a verb near a target, and neither is
 * one alone.
 */
export function parseLexicon(name: string, tsv: string): LexiconEntry[] {
  const entries: LexiconEntry[] = [];
  tsv.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [term, category, weight] = line.split('\t').map((s) => s.trim());
    const fail = (why: string) => new Error(`lexicon ${name} line ${i + 1}: ${why}; expected "term<TAB>category<TAB>weight"`);
    if (!term) throw fail('empty term');
    const problem = termProblem(term);
    if (problem) throw fail(problem);
    const parts = combinationParts(term);
    if (!parts) throw fail(combinationProblem(term)!);
    if (category === 'allow') {
      if (parts.length > 1) throw fail('an allow term cannot be a combination');
      entries.push({ word: term, category: 'custom', weight: 0, lexicon: name, kind: 'allow' });
      return;
    }
    const cat = categorySchema.safeParse(category);
    if (!cat.success) throw fail(`unknown category ${JSON.stringify(category ?? '')}`);
    const w = weight === undefined || weight === '' ? DEFAULT_WEIGHT : Number(weight);
    if (!(w > 0 && w <= 1)) throw fail(`weight ${JSON.stringify(weight)} is not in (0, 1]`);
    entries.push(withParts({ word: term, category: cat.data, weight: w, lexicon: name, kind: 'deny' }, parts));
  });
  return entries;
}
