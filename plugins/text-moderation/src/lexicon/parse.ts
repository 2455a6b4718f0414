import { categorySchema } from '@crs/core';
import { DEFAULT_WEIGHT, type LexiconEntry } from './entry.js';

/**
 * Reads a lexicon file: one `term<TAB>category<TAB>weight` per line, weight
 * optional (0.9), `#` comments. The category `allow` marks a term that clears
 * whatever it covers ("大麻烦" keeps 大麻 from firing).
 */
export function parseLexicon(name: string, tsv: string): LexiconEntry[] {
  const entries: LexiconEntry[] = [];
  tsv.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [term, category, weight] = line.split('\t').map((s) => s.trim());
    const fail = (why: string) => new Error(`lexicon ${name} line ${i + 1}: ${why}; expected "term<TAB>category<TAB>weight"`);
    if (!term) throw fail('empty term');
    if (category === 'allow') {
      entries.push({ word: term, category: 'custom', weight: 0, lexicon: name, kind: 'allow' });
      return;
    }
    const cat = categorySchema.safeParse(category);
    if (!cat.success) throw fail(`unknown category ${JSON.stringify(category ?? '')}`);
    const w = weight === undefined || weight === '' ? DEFAULT_WEIGHT : Number(weight);
    if (!(w > 0 && w <= 1)) throw fail(`weight ${JSON.stringify(weight)} is not in (0, 1]`);
    entries.push({ word: term, category: cat.data, weight: w, lexicon: name, kind: 'deny' });
  });
  return entries;
}
