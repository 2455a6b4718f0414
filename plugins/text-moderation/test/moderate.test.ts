import { describe, expect, it } from 'vitest';
import { buildMatcher, loadBuiltInLexicon, moderateText, normalize, parseLexicon } from '../src/index.js';

const matcher = buildMatcher(loadBuiltInLexicon());
const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

describe('moderateText', () => {
  it('passes clean text with every category scored 0', () => {
    const result = moderateText('今天天气很好，我们去公园散步吧。', matcher);
    expect(result.verdict).toBe('pass');
    expect(result.hits).toEqual([]);
    expect(result.labels.every((l) => l.score === 0 && l.verdict === 'pass')).toBe(true);
  });

  it.each([
    ['加 微*信', '加微信', ['separator']],
    ['加.微.信', '加微信', ['separator']],
    ['冰\u200b毒', '冰毒', ['separator']],
    ['ＰＯＲＮ', 'porn', ['case', 'fullwidth']],
    ['Ⓟⓞⓡⓝ', 'porn', ['case', 'styled']],
    ['F u c k   Y o u', 'fuck you', ['case', 'separator']],
  ])('finds %j as %s and names the evasion', (text, word, evasion) => {
    const [hit] = moderateText(`前缀😀${text}后缀`, matcher).hits;
    expect(hit).toBeDefined();
    expect(hit!.word).toBe(word);
    expect(hit!.evasion).toEqual(evasion);
    expect(hit!.matched).toBe(text.trim());
  });

  it('reports code-point offsets into the original text, astral characters included', () => {
    const text = '😀😀 hello 出售冰毒 and 海洛因';
    const result = moderateText(text, matcher);
    expect(result.hits.map((h) => h.word)).toEqual(['冰毒', '海洛因']);
    for (const hit of result.hits) expect(slice(text, hit.start, hit.end)).toBe(hit.matched);
    expect(result.hits[0]!.start).toBe(11);
    expect(result.verdict).toBe('block');
    expect(result.labels.find((l) => l.category === 'sensitive')).toEqual({ category: 'sensitive', score: 0.95, verdict: 'block' });
  });

  it('matches Latin terms only as whole words', () => {
    expect(moderateText('a very idiotic plan', matcher).hits).toEqual([]);
    expect(moderateText('you idiot!', matcher).hits.map((h) => h.word)).toEqual(['idiot']);
  });

  it('sends review-weight hits to review, not block', () => {
    const result = moderateText('想要的加我微信', matcher);
    expect(result.verdict).toBe('review');
    expect(result.labels.find((l) => l.category === 'ad')?.verdict).toBe('review');
  });

  it('checks only the requested categories', () => {
    const result = moderateText('加微信买冰毒', matcher, { categories: ['ad'] });
    expect(result.labels.map((l) => l.category)).toEqual(['ad']);
    expect(result.hits.map((h) => h.category)).toEqual(['ad']);
  });

  it('detects flooding by runs and by low variety', () => {
    const run = moderateText(`好${'啊'.repeat(25)}`, matcher);
    expect(run.labels.find((l) => l.category === 'flood')?.verdict).toBe('block');
    expect(run.hits[0]).toMatchObject({ category: 'flood', start: 1, end: 26 });
    const variety = moderateText('哈哈呵呵'.repeat(10), matcher);
    expect(variety.labels.find((l) => l.category === 'flood')?.score).toBeGreaterThanOrEqual(0.9);
    expect(moderateText('啊'.repeat(5), matcher).labels.find((l) => l.category === 'flood')?.score).toBe(0);
  });
});

describe('normalize', () => {
  it('maps every folded character back to its original code point', () => {
    const n = normalize('Ａ-b😀Ｃ');
    expect(n.chars).toEqual(['a', 'b', 'c']);
    expect(n.source).toEqual([0, 2, 4]);
  });
});

describe('parseLexicon', () => {
  it('refuses malformed lines with the line number', () => {
    expect(() => parseLexicon('x', 'porn\t2\tterm')).toThrow(/line 1/);
    expect(() => parseLexicon('x', '# c\nnope\t0.5\tterm')).toThrow(/line 2/);
    expect(parseLexicon('x', 'ad\t0.5\tvx')).toEqual([
      { category: 'ad', weight: 0.5, word: 'vx', lexicon: 'x', wholeWord: true },
    ]);
  });
});

describe('traditional and variant folding', () => {
  it.each([
    ['出售槍支', '出售枪支', ['traditional']],
    ['網絡賭博', '网络赌博', ['traditional']],
    ['加薇信', '加微信', ['homophone']],
    ['加威信', '加微信', ['homophone']],
    ['加V信', '加微信', ['case', 'homoglyph']],
    ['加 wei 信', '加微信', ['homoglyph', 'separator']],
    ['加ｖ信', '加微信', ['fullwidth', 'homoglyph']],
  ])('finds %j as %s, evasion %j, with exact offsets', (evasive, word, evasion) => {
    const text = `你好😀${evasive}，谢谢`;
    const [hit] = moderateText(text, matcher).hits;
    expect(hit).toMatchObject({ word, evasion, matched: evasive, start: 3 });
    expect(slice(text, hit!.start, hit!.end)).toBe(evasive);
  });

  it('leaves ordinary words that merely contain a variant alone', () => {
    expect(moderateText('他很有威信，回家吃饭，發票已開', matcher).hits.map((h) => h.word)).toEqual([]);
    expect(moderateText('please review信息', matcher).hits).toEqual([]);
  });
});
