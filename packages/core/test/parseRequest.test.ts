import { describe, expect, it } from 'vitest';
import { catalog, createLexiconSchema, InvalidRequestError, parseRequest } from '../src/index.js';

function refusal(fn: () => unknown): InvalidRequestError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidRequestError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseRequest', () => {
  it('refuses a misspelled option by name and says which field was meant', () => {
    const err = refusal(() => parseRequest(catalog['text.moderate'].input, { text: 'hi', denywords: ['x'] }, 'body'));
    expect(err.message).toBe('body.denywords is not a known field; did you mean "denyWords"?');
    expect(err.details).toEqual({ unknownFields: [{ path: 'body.denywords', field: 'denywords', suggestion: 'denyWords' }] });
  });

  it('suggests terms for a lexicon sent with words', () => {
    const err = refusal(() => parseRequest(createLexiconSchema, { name: 'l', words: ['a'] }, 'body'));
    expect(err.message).toContain('body.words is not a known field; did you mean "terms"?');
  });

  it('finds unknown fields deep inside the body, through arrays and optional objects', () => {
    const err = refusal(() => parseRequest(catalog['image.moderate'].input, { image: { url: 'https://example.com/a.png', fileid: 'x' } }, 'input'));
    expect(err.message).toContain('input.image.fileid');
  });

  it('suggests nothing when no known field is close', () => {
    const err = refusal(() => parseRequest(catalog['text.moderate'].input, { text: 'hi', zzzzzzzzzzzzzz: 1 }, 'body'));
    expect(err.message).toBe('body.zzzzzzzzzzzzzz is not a known field');
  });

  it('passes a body with known fields only, parsed', () => {
    expect(parseRequest(catalog['text.moderate'].input, { text: 'hi', denyWords: ['x'] }, 'body')).toEqual({ text: 'hi', denyWords: ['x'] });
  });
});
