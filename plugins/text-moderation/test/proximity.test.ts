import { describe, expect, it } from 'vitest';
import { compileLexicon, parseLexicon } from '../src/index.js';
import { PART_GAP } from '../src/engine/proximity.js';
import { tenantEntries } from '../src/tenantPolicies.js';
import { builtInMatcher, moderateWith, slice } from './helpers.js';

const fileLexicon = (tsv: string) => compileLexicon(parseLexicon('threats', tsv));
const threats = moderateWith([fileLexicon('炸了&楼\tterror\t0.8\n放火&烧&学校\tterror\t0.7\nblow up&school\tterror\t0.8')]);
const builtIn = moderateWith([await builtInMatcher()]);

describe('parseLexicon: combination terms', () => {
  it('splits a term on & into parts and keeps the term as written', () => {
    expect(parseLexicon('x', '炸了 & 楼\tterror\t0.8')).toEqual([
      { word: '炸了 & 楼', category: 'terror', weight: 0.8, lexicon: 'x', kind: 'deny', parts: ['炸了', '楼'] },
    ]);
  });

  it('refuses an empty part and a combination allow term, naming the line', () => {
    expect(() => parseLexicon('x', '炸了&\tterror')).toThrow(/line 1: empty part in combination "炸了&"/);
    expect(() => parseLexicon('x', '# c\n炸&鸡\tallow')).toThrow(/line 2: an allow term cannot be a combination/);
  });
});

describe('tenantEntries: combination lists', () => {
  const snapshot = (combinations: boolean) => ({
    version: 1,
    thresholds: {},
    lexicons: [
      {
        lexicon: { id: 'l', name: 'mine', kind: 'deny' as const, category: 'terror' as const, weight: 0.8, combinations, termCount: 2, createdAt: '', updatedAt: '' },
        terms: ['炸了&楼', 'P&G'],
      },
    ],
  });

  it('splits terms on & only in a list created with combinations', () => {
    expect(tenantEntries(snapshot(true)).map((e) => e.parts)).toEqual([
      ['炸了', '楼'],
      ['P', 'G'],
    ]);
    expect(tenantEntries(snapshot(false)).map((e) => e.parts)).toEqual([undefined, undefined]);
    const { hits } = moderateWith([compileLexicon(tenantEntries(snapshot(true)))])('我要炸了这栋楼');
    expect(hits).toEqual([{ category: 'terror', word: '炸了&楼', lexicon: 'tenant:mine', start: 2, end: 7, matched: '炸了这栋楼', evasion: [], source: 'lexicon' }]);
    expect(moderateWith([compileLexicon(tenantEntries(snapshot(false)))])('我要炸了这栋楼').hits).toEqual([]);
  });
});

describe('combination terms', () => {
  it('match the parts in order and report one hit from the first part to the last, offsets exact', () => {
    const text = '😀我要炸了这栋楼';
    const { hits, verdict } = threats(text);
    expect(verdict).toBe('review');
    expect(hits).toEqual([
      { category: 'terror', word: '炸了&楼', lexicon: 'threats', start: 3, end: 8, matched: '炸了这栋楼', evasion: [], source: 'lexicon' },
    ]);
    expect(slice(text, 3, 8)).toBe('炸了这栋楼');
  });

  it('do not fire on a part alone or on the parts in the other order', () => {
    expect(threats('手机炸了').hits).toEqual([]);
    expect(threats('楼下的电池炸了').hits).toEqual([]);
  });

  it(`allow at most ${PART_GAP} folded characters between parts, separators not counted`, () => {
    const filler = [...'一二三四五六七八九十'];
    const gap = (n: number, separator = '') => `炸了${filler.slice(0, n).join(separator)}楼`;
    expect(threats(gap(PART_GAP)).hits).toHaveLength(1);
    expect(threats(gap(PART_GAP + 1)).hits).toEqual([]);
    expect(threats(gap(PART_GAP, '*')).hits).toHaveLength(1);
  });

  it('keep to one clause', () => {
    expect(threats('炸了一盘鸡翅，楼下邻居都来了').hits).toEqual([]);
    expect(threats('炸了。楼').hits).toEqual([]);
    expect(threats('炸了\n楼').hits).toEqual([]);
  });

  it('see through evasions inside and between parts and name them', () => {
    expect(threats('炸*了*这*栋*楼').hits[0]).toMatchObject({ matched: '炸*了*这*栋*楼', evasion: ['separator'] });
    expect(threats('炸了這棟樓').hits[0]).toMatchObject({ matched: '炸了這棟樓', evasion: ['traditional'] });
    expect(threats('ＢＬＯＷ ＵＰ the school').hits[0]).toMatchObject({ word: 'blow up&school', evasion: ['case', 'fullwidth'] });
  });

  it('chain three parts, each after the one before', () => {
    expect(threats('他说要放火把学校烧了').hits).toEqual([]);
    expect(threats('他说要放火烧了学校').hits).toMatchObject([{ word: '放火&烧&学校', matched: '放火烧了学校' }]);
  });

  it('match Latin parts as whole words only', () => {
    expect(threats('blow up the schoolyard').hits).toEqual([]);
    expect(threats('blow up the school').hits).toHaveLength(1);
  });

  it('count one overlapping phrase once, whichever combinations complete it', () => {
    const { hits, labels } = builtIn('我要炸了这栋楼');
    expect(hits).toMatchObject([{ category: 'terror', word: '要炸&楼', matched: '要炸了这栋楼' }]);
    expect(labels.find((l) => l.category === 'terror')).toMatchObject({ score: 0.8, verdict: 'review' });
    expect(builtIn('我要炸了这栋楼。明天去炸学校').labels.find((l) => l.category === 'terror')?.verdict).toBe('block');
  });

  it('are cleared by an allow term that covers the whole phrase', () => {
    const allow = compileLexicon(parseLexicon('allow', '炸了这栋楼的模型\tallow'));
    const moderate = moderateWith([fileLexicon('炸了&楼\tterror\t0.8'), allow]);
    expect(moderate('游戏里炸了这栋楼的模型').hits).toEqual([]);
    expect(moderate('我炸了这栋楼').hits).toHaveLength(1);
  });
});
