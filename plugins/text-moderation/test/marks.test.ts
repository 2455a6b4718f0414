import { describe, expect, it } from 'vitest';
import { compileLexicon } from '../src/index.js';
import { builtInMatcher, moderateWith } from './helpers.js';

const own = compileLexicon(
  ['culo'].map((word) => ({ word, category: 'custom' as const, weight: 0.9, lexicon: 'request', kind: 'deny' as const })),
);
const moderate = moderateWith([await builtInMatcher(), own]);

// Issue #32's examples: marks laid over letters hide no word and end none.
describe('combining marks', () => {
  it.each([
    ['fu\u0308ck you', 'fuck you'],
    ['po\u0301rn', 'porn'],
    ['p\u0336o\u0336r\u0336n\u0336', 'porn'],
    ['p\u0336o\u0336r\u0336n\u0336 ', 'porn'],
    ['p\u0353\u0330\u0316o\u0489\u035er\u0317\u0324\u031dn\u0301\u0302\u0303', 'porn'],
    ['加\u0336微\u0336信\u0336', '加微信'],
    ['冰\u0335毒\u0335', '冰毒'],
  ])('folds the marks of %j away and finds %s, its marks inside the hit', (written, word) => {
    const text = `😀说 ${written} 后`;
    const hit = moderate(text).hits.find((h) => h.word === word);
    expect(hit).toMatchObject({ word, start: 3 });
    // The hit runs to the last mark of its last letter, in the caller's code points.
    expect(hit!.matched).toBe(written.trimEnd());
    expect(hit!.end - hit!.start).toBe([...written.trimEnd()].length);
    expect(hit!.evasion).toContain('accent');
    expect(hit!.evasion).not.toContain('separator');
  });

  it('treats a mark as part of its word, not a boundary', () => {
    expect(moderate('vehi\u0301culo').hits).toEqual([]);
    expect(moderate('vehículo').hits).toEqual([]);
    expect(moderate('el culo').hits.map((h) => h.word)).toEqual(['culo']);
  });

  it('still counts a struck-through space as a separator', () => {
    expect(moderate('p\u0336 \u0336o\u0336r\u0336n\u0336').hits[0]).toMatchObject({ word: 'porn', evasion: expect.arrayContaining(['separator']) });
  });
});
