import { describe, expect, it } from 'vitest';
import { MAX_LISTED_HITS } from '@crs/core';
import { compileLexicon, normalize, parseLexicon } from '../src/index.js';
import { builtInMatcher, moderateWith, slice } from './helpers.js';

const moderate = moderateWith([await builtInMatcher()]);
// The English list (english.tsv) matches some words inside longer ones by design (test/english.test.ts); these
// tests are about the whole-word rule of the other lists.
const words = (text: string) => moderate(text).hits.filter((h) => h.lexicon !== 'english').map((h) => h.word);

describe('moderateText', () => {
  it('passes clean text with every category scored 0', () => {
    const result = moderate('今天天气很好，我们去公园散步吧。');
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
    ['𝐩𝐨𝐫𝐧', 'porn', ['styled']],
    ['F u c k   Y o u', 'fuck you', ['case', 'separator']],
    ['pórn', 'porn', ['accent']],
    ['sè qíng shì pín', '色情视频', ['accent', 'pinyin', 'separator']],
    ['\u0440orn', 'porn', ['homoglyph']],
    ['PΟRN', 'porn', ['case', 'homoglyph']],
    ['fuuuuck you', 'fuck you', ['repeat']],
    ['pornnnn', 'porn', ['repeat']],
    ['P0RN', 'porn', ['case', 'homoglyph']],
    ['k1ll yourself', 'kill yourself', ['homoglyph']],
    ['🅿🅾🆁🅽', 'porn', ['case', 'styled']],
    ['🇵🇴🇷🇳', 'porn', ['case', 'styled']],
  ])('finds %j as %s and names the evasion', (text, word, evasion) => {
    const [hit] = moderate(`前缀😀${text}后缀`).hits;
    expect(hit).toMatchObject({ word, evasion, matched: text });
  });

  it.each(['他太傻，逼得我没办法', '今天和朋友有约。炮仗声响起来了', '说好了不去，死也不去', '傻！逼', '约；炮', '傻,逼'])(
    'reads no word across a clause mark: %j',
    (text) => {
      expect(moderate(text).hits).toEqual([]);
    },
  );

  it('still reads a word split by other punctuation, and one written a character a line', () => {
    expect(words('约.炮 傻*逼 冰-毒 海\n洛\n因')).toEqual(['约炮', '傻逼', '冰毒', '海洛因']);
  });

  it('lists at most MAX_LISTED_HITS hits, every word at least once, and scores them all', () => {
    const text = `${'色情视频，'.repeat(1500)}出售冰毒`;
    const result = moderate(text);
    expect(result.hits).toHaveLength(MAX_LISTED_HITS);
    // 1,500 of 色情视频, one 冰毒, and the repetition as a flood hit.
    expect(result.hitsOmitted).toBe(1502 - MAX_LISTED_HITS);
    expect(new Set(result.hits.map((h) => h.word))).toEqual(new Set(['色情视频', '冰毒', 'repeated phrase']));
    expect(result.hits.at(-1)).toMatchObject({ word: '冰毒', start: 7502 });
    expect(result.labels.find((l) => l.category === 'sensitive')!.verdict).toBe('block');
    expect(moderate('色情视频，'.repeat(10)).hitsOmitted).toBeUndefined();
  });

  it('reports code-point offsets into the original text, astral characters included', () => {
    const text = '😀😀 hello 出售冰毒 and 海洛因';
    const result = moderate(text);
    expect(result.hits.map((h) => h.word)).toEqual(['冰毒', '海洛因']);
    for (const hit of result.hits) expect(slice(text, hit.start, hit.end)).toBe(hit.matched);
    expect(result.hits[0]!.start).toBe(11);
    expect(result.verdict).toBe('block');
    expect(result.labels.find((l) => l.category === 'sensitive')).toMatchObject({ verdict: 'block' });
  });

  it('folds a Latin stand-in wherever the text has grown past its first buffer', () => {
    // Each ⑩ folds into two characters, so "V" and "信" land past the buffer normalising started with.
    for (const text of ['加V信', `${'⑩'.repeat(10)} 加V信`, `${'⑩'.repeat(9)} 加V信`, `${'⑩'.repeat(12)}加V信`]) {
      expect(moderate(text).hits.find((h) => h.word === '加微信')).toMatchObject({ matched: '加V信' });
    }
  });

  it('names no evasion for a term written as the lexicon writes it', () => {
    expect(moderate('well fuck you then').hits[0]).toMatchObject({ word: 'fuck you', evasion: [] });
  });

  it('matches Latin terms only as whole words', () => {
    expect(words('a very idiotic plan')).toEqual([]);
    expect(words('you idiot!')).toEqual(['idiot']);
  });

  it('tells where a styled word ends from its folded letters', () => {
    // Mathematical and circled letters are no script's letters until folded: 𝐢𝐝𝐢𝐨𝐭𝐢𝐜 is one word.
    expect(words('a 𝐢𝐝𝐢𝐨𝐭𝐢𝐜 plan, ⓘⓓⓘⓞⓣⓘⓒ too, 𝐱idiot')).toEqual([]);
    expect(moderate('you 𝐢𝐝𝐢𝐨𝐭𝐬').hits[0]).toMatchObject({ word: 'idiot', start: 4, end: 10, matched: '𝐢𝐝𝐢𝐨𝐭𝐬' });
    // A separator folding dropped still ends the word, so its letters join no plural.
    expect(moderate('idiot s').hits[0]).toMatchObject({ word: 'idiot', end: 5 });
  });

  it('takes an English plural for the word, ending and all, but not a longer word', () => {
    expect(moderate('you idiots!').hits[0]).toMatchObject({ word: 'idiot', start: 4, end: 10, matched: 'idiots' });
    expect(moderate('stupid ＢＩＴＣＨＥＳ').hits[0]).toMatchObject({ word: 'bitch', matched: 'ＢＩＴＣＨＥＳ' });
    expect(words('escort services here')).toEqual(['escort service']);
    expect(words('idiotsavant idiotes bitchs')).toEqual([]);
    // Too short to tell from an abbreviation's other word: "kyss" is Swedish for kiss.
    expect(words('en kyss')).toEqual([]);
  });

  it('sends review-weight hits to review, and several distinct ones further', () => {
    const one = moderate('想要的私聊我');
    expect(one.verdict).toBe('review');
    const several = moderate('想要的私聊我，免费领取，点击链接');
    expect(several.labels.find((l) => l.category === 'ad')!.score).toBeGreaterThan(0.9);
    expect(several.verdict).toBe('block');
  });

  it('checks only the requested categories', () => {
    const result = moderate('加微信买冰毒', { categories: ['ad'] });
    expect(result.labels.map((l) => l.category)).toEqual(['ad']);
    expect(result.hits.map((h) => h.category)).toEqual(['ad']);
  });

  it('applies per-category thresholds', () => {
    expect(moderate('买大麻').verdict).toBe('review');
    expect(moderate('买大麻', { thresholds: { sensitive: { review: 0.3, block: 0.5 } } }).verdict).toBe('block');
    expect(moderate('买大麻', { thresholds: { sensitive: { review: 0.99, block: 1 } } }).verdict).toBe('pass');
  });

  it('lets allow terms clear what they cover', () => {
    expect(words('这是个大麻烦')).toEqual([]);
    expect(words('这是个大麻')).toEqual(['大麻']);
  });

  it('matches across any position of a long text, offsets exact', () => {
    for (const at of [0, 1999, 2000, 4095, 4096, 9999, 19_996]) {
      const text = `${'好'.repeat(at)}冰毒${'好'.repeat(19_998 - at)}`.replace(/好{10}/g, '今天天气很好我们去了');
      const [hit] = moderate(text, { categories: ['sensitive'] }).hits;
      expect(hit).toMatchObject({ word: '冰毒', start: at, end: at + 2 });
    }
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
    const [hit] = moderate(text).hits;
    expect(hit).toMatchObject({ word, evasion, matched: evasive, start: 3 });
    expect(slice(text, hit!.start, hit!.end)).toBe(evasive);
  });

  it('folds several stand-ins in one text, each hit at its own offsets', () => {
    const text = '先加wei信，再加V信，最后 加 w 信😀加wei信';
    const hits = moderate(text).hits.filter((h) => h.word === '加微信');
    expect(hits.map((h) => h.matched)).toEqual(['加wei信', '加V信', '加 w 信', '加wei信']);
    for (const hit of hits) expect(slice(text, hit.start, hit.end)).toBe(hit.matched);
  });

  it('leaves ordinary words that merely contain a variant alone', () => {
    expect(words('他很有威信，回家吃饭，發票已開')).toEqual([]);
    expect(words('please review信息')).toEqual([]);
  });
});

describe('look-alike and accent folding', () => {
  it('keeps a Cyrillic term matching its own spelling, and Cyrillic words whole', () => {
    const custom = compileLexicon([
      { word: 'порно', category: 'porn', weight: 0.9, lexicon: 'ru', kind: 'deny' },
      { word: 'cop', category: 'custom', weight: 0.9, lexicon: 'x', kind: 'deny' },
    ]);
    const moderate = moderateWith([custom]);
    expect(moderate('смотреть порно').hits).toMatchObject([{ word: 'порно', matched: 'порно', evasion: [] }]);
    // "сорт" folds to "copt": a Latin term inside a Cyrillic word is no whole word.
    expect(moderate('хороший сорт чая').hits).toEqual([]);
    expect(moderate('a с\u043ep car').hits).toMatchObject([{ word: 'cop', evasion: ['homoglyph'] }]);
  });

  it('strips accents from Latin letters only', () => {
    const kana = moderateWith([compileLexicon([{ word: 'かき', category: 'custom', weight: 0.9, lexicon: 'x', kind: 'deny' }])]);
    expect(kana('がぎ').hits).toEqual([]);
    expect(kana('かき').hits).toHaveLength(1);
  });
});

describe('digits for letters', () => {
  it('match a Latin term with one letter written as its look-alike digit, and leave numbers alone', () => {
    expect(words('free s3x video')).toEqual(['sex video']);
    expect(words('b1tch')).toEqual(['bitch']);
    expect(words('port 1080 open, 1337 stats')).toEqual([]);
    // Several digits in a word are read by the leetspeak reading (engine/leet.ts).
    expect(words('p0rn0')).toEqual(['porno']);
  });
});

describe('stretched letters', () => {
  it('count a run of three or more as one letter, the hit covering the whole run', () => {
    expect(moderate('ppppornnnn!').hits.filter((h) => h.category === 'porn' && h.lexicon !== 'english')).toMatchObject([{ word: 'porn', start: 0, end: 10, matched: 'ppppornnnn' }]);
    expect(words('pornnnnx')).not.toContain('porn');
    expect(words('xxxxxx videos')).toEqual(['xxx videos']);
    expect(words('xx videos')).toEqual([]);
    expect(words('x videos')).toEqual([]);
    expect(words('soooo good, I loooove it')).toEqual([]);
  });

  it('read a whole word whose first or last letter is doubled as the word, the hit covering both letters', () => {
    const shit = moderateWith([compileLexicon(parseLexicon('own', 'shit\tabuse\nfuk*\tabuse\nkys\tabuse\n'))]);
    expect(shit('you sshit').hits).toMatchObject([{ word: 'shit', start: 4, end: 9, evasion: ['repeat'] }]);
    expect(shit('shitt!').hits).toMatchObject([{ word: 'shit', start: 0, end: 5 }]);
    expect(shit('ffuk off').hits).toMatchObject([{ word: 'fuk', start: 0, end: 4 }]);
    // Not across a separator ("a boss" is no abos), not a short word's last letter ("kyss"), not a longer word.
    expect(shit('s shit s shitt').hits.map((h) => [h.start, h.end])).toEqual([[2, 6], [9, 14]]);
    expect(shit('en kyss, shitty, shittt x')).toMatchObject({ hits: [{ word: 'shit', start: 17, end: 23 }] });
    expect(words('like a boss, an all-zero input')).toEqual([]);
  });

  it('lists the same word once where a wider hit of it holds a narrower one', () => {
    expect(moderate('ffuck').hits.filter((h) => h.word === 'fuck').map((h) => [h.start, h.end])).toEqual([[0, 5]]);
  });
});

describe('Chinese written a character twice over', () => {
  it('folds two or more doubled characters in a row, the hit covering the doubles', () => {
    expect(moderate('你真是个傻傻逼逼').hits).toMatchObject([{ word: '傻逼', start: 4, end: 8, matched: '傻傻逼逼', evasion: ['repeat'] }]);
    expect(moderate('加加微微信信 abc123456').hits.find((h) => h.word === '加微信')).toMatchObject({ start: 0, end: 6 });
  });

  it('leaves single doubles and reduplicated words as they are', () => {
    expect(words('妈妈说天天加班，大家高高兴兴')).toEqual([]);
    expect(moderate('我们高高兴兴地回家微信视频').verdict).toBe('pass');
  });
});

describe('pinyin', () => {
  it.each([
    ['se qing shi pin', '色情视频'],
    ['SeQingShiPin', '色情视频'],
    ['想 yue pao 吗', '约炮'],
    ['色qing视频', '色情视频'],
    ['找人裸liao', '裸聊'],
    ['出售 bing毒', '冰毒'],
  ])('finds %j written for %s', (text, word) => {
    const hit = moderate(text).hits.find((h) => h.word === word);
    expect(hit?.evasion).toContain('pinyin');
    expect(slice(text, hit!.start, hit!.end)).toBe(hit!.matched);
  });

  it('ignores pinyin inside longer Latin words and short spellings', () => {
    expect(words('yuepaoing')).toEqual([]);
    expect(words('da ma')).toEqual([]);
    expect(words('裸liaoing')).toEqual([]);
    // A mixed spelling is a word only at its Latin end.
    expect(words('abcluo聊')).toEqual([]);
    expect(words('free色qing视频')).toEqual(['色情视频']);
  });

  it('lets an allow term clear its own mixed spellings', () => {
    expect(words('买大ma')).toEqual(['大麻']);
    expect(words('这是个大ma烦')).toEqual([]);
  });
});

describe('per-call lexicons', () => {
  it('reports deny terms under their category and lets allow beat deny on the same span', () => {
    const custom = compileLexicon([
      { word: '竞品', category: 'custom', weight: 0.9, lexicon: 'request', kind: 'deny' },
      { word: '冰毒', category: 'custom', weight: 0, lexicon: 'request', kind: 'allow' },
    ]);
    const result = moderateWith([custom, compileLexicon([])])('买竞品和冰毒');
    expect(result.hits.map((h) => h.word)).toEqual(['竞品']);
    const both = moderateWith([custom])('说说冰毒的危害');
    expect(both.hits).toEqual([]);
  });
});

describe('normalize', () => {
  it('maps every folded character back to its original code point', () => {
    const n = normalize('Ａ-b😀Ｃ⑩');
    expect(Array.from(n.folded.subarray(0, n.length), (c) => String.fromCodePoint(c)).join('')).toBe('abc10');
    expect(Array.from(n.source.subarray(0, n.length))).toEqual([0, 2, 4, 5, 5]);
  });
});
