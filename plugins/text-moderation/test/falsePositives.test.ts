import { describe, expect, it } from 'vitest';
import { compileLexicon, parseLexicon, type LexiconEntry } from '../src/index.js';
import { builtInMatcher, moderateWith } from './helpers.js';

const builtIn = await builtInMatcher();
const moderate = moderateWith([builtIn]);
const words = (text: string) => moderate(text).hits.map((h) => h.word);
const entry = (word: string, kind: 'deny' | 'allow'): LexiconEntry => ({ word, category: 'custom', weight: 0.9, lexicon: 'request', kind });

// Issue #32's false positives.
describe('homophone folding beside common words', () => {
  it.each(['到家微信告诉我一声', '回家微信视频吧', '瑜伽微信群', '增加微芯片', '张家薇信守承诺'])('reads no 加微信 in %j', (text) => {
    expect(words(text)).not.toContain('加微信');
  });

  it('still reads the evasions themselves', () => {
    expect(words('加薇信')).toContain('加微信');
    expect(words('家薇信')).toContain('加微信');
    expect(words('伽威信')).toContain('加微信');
    expect(words('加微芯')).toContain('加微信');
  });
});

describe('whole-term pinyin of a short term', () => {
  it.each([
    ['bing du', '冰毒'],
    ['bai chi', '白痴'],
    ['luo dai wei an', '裸贷'],
  ])('wants Chinese around it: %j alone is no %s', (text, word) => {
    expect(words(text)).not.toContain(word);
    expect(words(`买点${text}吗`)).toContain(word);
  });

  it('lets a longer term stand alone', () => {
    expect(words('se qing shi pin')).toContain('色情视频');
  });
});

describe('allow terms as written', () => {
  const own = (deny: string[], allow: string[]) => moderateWith([builtIn, compileLexicon([...deny.map((w) => entry(w, 'deny')), ...allow.map((w) => entry(w, 'allow'))])]);

  it('"pen is" clears "pen is" but not "penis"', () => {
    const m = own(['penis'], ['pen is']);
    expect(m('a penis').hits.filter((h) => h.lexicon === 'request').map((h) => h.word)).toEqual(['penis']);
    expect(m('the pen is red').hits).toEqual([]);
    expect(m('the PEN IS red').hits).toEqual([]);
  });

  it('"butt" clears only what it covers: not butt-head, nor b.u.t.t', () => {
    const m = own(['butthead', 'butt'], ['butt']);
    expect(m('you butt-head').hits.map((h) => h.word)).toEqual(['butthead']);
    expect(m('b.u.t.t').hits.map((h) => h.word)).toEqual(['butt']);
    expect(m('a Ｂｕｔｔ').hits).toEqual([]);
  });

  it('keeps clearing its own spellings: traditional script and mixed pinyin', () => {
    expect(words('这是个大麻煩')).toEqual([]);
    expect(words('这是个大ma烦')).toEqual([]);
  });
});

describe('terms that fold to almost nothing', () => {
  it('are refused when a lexicon file is read, naming the term', () => {
    expect(() => parseLexicon('mine', 'ass\tabuse\na$$\tabuse\n')).toThrow(
      'lexicon mine line 2: term "a$$" is mostly punctuation or symbols, which matching ignores, so it would match only "a"',
    );
    expect(parseLexicon('mine', 'f u c k\tabuse\n屌\tabuse\n')).toHaveLength(2);
  });
});
