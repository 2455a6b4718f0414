import { describe, expect, it } from 'vitest';
import { compileLexicon, normalize } from '../src/index.js';
import { builtInMatcher, moderateWith } from './helpers.js';

const own = compileLexicon(
  ['hello', 'fifa', 'k1ll'].map((word) => ({ word, category: 'custom' as const, weight: 0.9, lexicon: 'request', kind: 'deny' as const })),
);
const moderate = moderateWith([await builtInMatcher(), own]);
const folded = (text: string) => String.fromCodePoint(...normalize(text).folded.subarray(0, normalize(text).length));

// Issue #32: look-alikes beyond the hand tables, from Unicode's confusables data.
describe('confusables', () => {
  it.each([
    ['ƒ', 'f'],
    ['ʃ', 'f'],
    ['ὗ', 'u'],
    ['ƈ', 'c'],
    ['⓵', '1'],
    ['ɦ', 'h'],
    ['ⁱ', 'i'],
    ['ꮪ', 's'],
  ])('folds %j to %s', (ch, letter) => {
    expect(folded(ch)).toBe(letter);
  });

  it("finds obscenity's own example ʃ𝐟ʃὗƈｋ ỹоứ as fuck you", () => {
    const text = '说ʃ𝐟ʃὗƈｋ ỹоứ';
    const hit = moderate(text).hits.find((h) => h.word === 'fuck you');
    expect(hit).toMatchObject({ start: 1, end: 11, matched: 'ʃ𝐟ʃὗƈｋ ỹоứ' });
    expect(hit!.evasion).toContain('homoglyph');
  });

  it('finds words spelled with them', () => {
    expect(moderate('ɦėľľø').hits.map((h) => h.word)).toEqual(['hello']);
    expect(moderate('ƒiƒa').hits.map((h) => h.word)).toEqual(['fifa']);
    expect(moderate('k⓵ll').hits.map((h) => h.word)).toEqual(['k1ll']);
  });

  it('leaves Chinese, Japanese and Korean characters and clause marks as they are', () => {
    expect(folded('口工一二〇カロ한')).toBe('口工一二〇カロ한');
    expect(folded('！？，')).toBe('!?,');
  });
});
