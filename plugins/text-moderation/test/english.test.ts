import { describe, expect, it } from 'vitest';
import { compileLexicon, parseLexicon } from '../src/index.js';
import { builtInMatcher, moderateWith } from './helpers.js';

const builtIn = await builtInMatcher();
const words = (text: string) => moderateWith([builtIn])(text).hits.map((h) => `${h.lexicon}:${h.word}`);

describe('terms with * ends match inside words there', () => {
  const own = moderateWith([compileLexicon(parseLexicon('own', 'fuck*\tabuse\n*porn\tporn\n*shit*\tabuse\nanal*\tporn\n*analy*\tallow\n'))]);
  const found = (text: string) => own(text).hits.map((h) => h.word);

  it.each([
    ['fucker', ['fuck']],
    ['motherfucker', []],
    ['xXxporn', ['porn']],
    ['pornography', []],
    ['wordsbeforeshitandafter', ['shit']],
    ['anal', ['anal']],
    ['analysis', []],
  ])('%j → %j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('reports the term without its stars, at the caller offsets of the part matched', () => {
    expect(own('you fucker').hits[0]).toMatchObject({ word: 'fuck', start: 4, end: 8, matched: 'fuck' });
  });

  it('reads a match that folding joined across separators only as a whole word', () => {
    // "an also" folds to "analso": a word split by a space is no evasion of anal*.
    expect(found('an also')).toEqual([]);
    expect(found('Jordan always')).toEqual([]);
    expect(found('a.n.a.l')).toEqual(['anal']);
  });
});

describe("the built-in English list (obscenity's dataset)", () => {
  it.each(['fucker', 'wordsbeforefuckandafter', 'xXxporn', 'pornography', 'you are a whore', 'nigger', 'blowjob video', 'fk off', 'ffuk'])('finds a word in %j', (text) => {
    expect(words(text).some((w) => w.startsWith('english:'))).toBe(true);
  });

  it.each(['assess', 'cockney', 'Dickory', 'analysis', 'Scunthorpe', 'class', 'cocktail', 'shitake', 'kung fu', 'therapist', 'cumulative', 'title', 'retardant', 'the pen is mightier', 'Fu Xi', 'fu wu'])(
    'leaves the ordinary word %j alone',
    (text) => {
      expect(words(text)).toEqual([]);
    },
  );
});
