import { describe, expect, it } from 'vitest';
import { compileLexicon } from '../src/index.js';
import { builtInMatcher, moderateWith } from './helpers.js';

// The examples (#32), each against the word it spells; built-in terms plus a few of the case's own.
const own = compileLexicon(
  ['shit', 'gangbang', 'jizz', 'kill'].map((word) => ({ word, category: 'custom' as const, weight: 0.9, lexicon: 'request', kind: 'deny' as const })),
);
const moderate = moderateWith([await builtInMatcher(), own]);

describe('leetspeak with symbols and several digits', () => {
  it.each([
    ['a$$hole', 'asshole'],
    ['a55hole', 'asshole'],
    ['b!tch', 'bitch'],
    ['b|tch', 'bitch'],
    ['ret@rd', 'retard'],
    ['fu(k', 'fuck'],
    ['$hit', 'shit'],
    ['6an6ban6', 'gangbang'],
    ['ji22', 'jizz'],
    ['ki11', 'kill'],
  ])('reads %j as %s, in the caller offsets', (written, word) => {
    const text = `😀 you ${written}!`;
    const hit = moderate(text).hits.find((h) => h.word === word);
    expect(hit).toMatchObject({ word, matched: written, start: 6 });
    expect(hit!.evasion).toContain('homoglyph');
  });

  it('keeps symbols as separators between Chinese characters and ! as a clause mark between words', () => {
    expect(moderate('约$炮 约@炮 约(炮 约|炮').hits.map((h) => h.word)).toEqual(['约炮', '约炮', '约炮', '约炮']);
    expect(moderate('傻!逼').hits).toEqual([]);
    expect(moderate('fuck! you').hits.map((h) => h.word)).toEqual(['fuck']);
  });

  it('reads no model number, price or date as a word', () => {
    for (const text of ['Samsung A55 review', 'price $100 (incl. tax)', 'meet 2024-11-10 at 5pm', 'h264 and mp3 files']) {
      expect(moderate(text).verdict).toBe('pass');
    }
  });
});
