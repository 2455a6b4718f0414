import { describe, expect, it } from 'vitest';
import {
  combinationParts,
  createLexiconSchema,
  decodeFailure,
  type AppError,
  encodeFailure,
  errorForCode,
  getTask,
  InvalidRequestError,
  moderationResultSchema,
  parseTaskInput,
  statusForCode,
  tenantLexiconSchema,
  TextTooLongError,
  UnknownTaskError,
  UrlNotAllowedError,
  textModerateInputSchema,
} from '../src/index.js';

describe('job catalog', () => {
  it('knows text.moderate and refuses unknown tasks with unknown_task', () => {
    expect(getTask('text.moderate').queue).toBe('text.moderate');
    expect(() => getTask('text.moderat')).toThrow(UnknownTaskError);
  });

  it('validates input and names the failing field', () => {
    expect(parseTaskInput('text.moderate', { text: 'hi' })).toEqual({ text: 'hi' });
    const err = (() => {
      try {
        parseTaskInput('text.moderate', { text: 'hi', categories: ['nonsense'] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as Error).message).toContain('input.categories.0');
  });

  it('gives missing, non-string and empty text their own 422 codes', () => {
    const codeOf = (input: unknown) => {
      try {
        parseTaskInput('text.moderate', input);
      } catch (e) {
        return [(e as AppError).status, (e as AppError).code, (e as Error).message];
      }
      return null;
    };
    expect(codeOf({ text: 5 })).toEqual([422, 'invalid_text', 'input.text: text must be a string, not number']);
    expect(codeOf({})).toEqual([422, 'invalid_text', 'input.text: text is required']);
    expect(codeOf({ text: ' \t' })).toEqual([422, 'text_empty', 'input.text: text must not be empty']);
  });

  it('answers text_too_long past 20,000 code points, counting astral characters once', () => {
    expect(parseTaskInput('text.moderate', { text: '😀'.repeat(20_000) }).text).toHaveLength(40_000);
    expect(() => parseTaskInput('text.moderate', { text: 'a'.repeat(20_001) })).toThrow(TextTooLongError);
  });
});

describe('moderation results', () => {
  const hit = { category: 'abuse', word: '傻逼', lexicon: 'abuse', start: 0, end: 2, matched: '傻逼', evasion: [] };

  it('read a text hit stored before hits had a source as a lexicon hit, and keep a model hit\'s source and score', () => {
    const old = moderationResultSchema.parse({ verdict: 'block', labels: [], hits: [hit] });
    expect(old.hits[0]!.source).toBe('lexicon');
    const learned = moderationResultSchema.parse({
      verdict: 'review',
      labels: [{ category: 'abuse', score: 0.7, verdict: 'review', source: 'model' }],
      hits: [{ ...hit, lexicon: 'model:abuse-logistic-zh', source: 'model', score: 0.7 }],
      decidedBy: 'model',
    });
    expect(learned.hits[0]).toMatchObject({ source: 'model', score: 0.7 });
    expect(learned.decidedBy).toBe('model');
    expect(() => moderationResultSchema.parse({ verdict: 'pass', labels: [], hits: [{ ...hit, source: 'guess' }] })).toThrow();
  });
});

describe('failure encoding', () => {
  it('keeps the stable code through a BullMQ failedReason', () => {
    const reason = encodeFailure(new UrlNotAllowedError('address 10.0.0.1 is not public'));
    expect(decodeFailure(reason)).toEqual({ code: 'url_not_allowed', message: 'address 10.0.0.1 is not public' });
    expect(decodeFailure(encodeFailure(new Error('boom')))).toEqual({ code: 'internal_error', message: 'boom' });
    expect(decodeFailure('plain text')).toEqual({ code: 'internal_error', message: 'plain text' });
  });

  it('maps codes back to HTTP statuses', () => {
    expect(statusForCode('text_too_long')).toBe(422);
    expect(statusForCode('not_found')).toBe(404);
    expect(statusForCode('something_new')).toBe(500);
  });

  it('rebuilds an error of the class that has a code, with its message and details', () => {
    const err = errorForCode('invalid_request', 'the mask marks no pixel', { details: { pixels: 0 } });
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err?.toJSON()).toEqual({ code: 'invalid_request', message: 'the mask marks no pixel', details: { pixels: 0 } });
    expect(errorForCode('something_new', 'x')).toBeNull();
  });
});

describe('combination terms', () => {
  it('split on & into trimmed parts, and an empty part is refused', () => {
    expect(combinationParts('炸了 & 楼')).toEqual(['炸了', '楼']);
    expect(combinationParts('广告')).toEqual(['广告']);
    expect(combinationParts('&楼')).toBeNull();
    expect(combinationParts('炸了&&楼')).toBeNull();
  });

  it('are checked in a list created with combinations, and only there', () => {
    const combos = createLexiconSchema.safeParse({ name: 'n', combinations: true, terms: ['炸了&楼', '炸了&'] });
    expect(combos.success ? [] : combos.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'terms.1: empty part in combination "炸了&": write parts joined by "&", as in "炸了&楼"',
    ]);
    expect(createLexiconSchema.parse({ name: 'n', terms: ['P&G', 'A&W'] })).toMatchObject({ combinations: false, terms: ['P&G', 'A&W'] });
    expect(createLexiconSchema.safeParse({ name: 'n', kind: 'allow', combinations: true }).success).toBe(false);
    // Lists stored before combinations existed read as ordinary lists.
    const stored = { id: 'l', name: 'n', kind: 'deny', category: 'custom', weight: 0.9, termCount: 0, createdAt: '', updatedAt: '' };
    expect(tenantLexiconSchema.parse(stored).combinations).toBe(false);
  });
});

describe('lexicon terms', () => {
  it('refuse a term that is mostly symbols, naming it and what it would match', () => {
    const parsed = createLexiconSchema.safeParse({ name: 'n', terms: ['ass', 'a$$', '&', 'f u c k'] });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'terms.1: term "a$$" is mostly punctuation or symbols, which matching ignores, so it would match only "a"; write the word in letters',
      'terms.2: term "&" is mostly punctuation or symbols, which matching ignores, so it would match nothing; write the word in letters',
    ]);
    expect(textModerateInputSchema.safeParse({ text: 'x', denyWords: ['a$$'] }).success).toBe(false);
    expect(textModerateInputSchema.safeParse({ text: 'x', allowWords: ['屌', '大麻烦', 'pen is'] }).success).toBe(true);
  });
});
