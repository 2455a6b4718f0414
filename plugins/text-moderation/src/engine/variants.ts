/**
 * Sound-alike and look-alike characters people write to slip past filters,
 * folded to the character the lexicons use. Applied only to the text being
 * matched, never to what the caller sees; a substitution only matters when it
 * completes a lexicon term, so a legitimate 威胁 folding to 微胁 causes no hit.
 */
export const HOMOPHONES: Record<string, string> = {
  // 微信 (WeChat)
  薇: '微',
  威: '微',
  徽: '微',
  嶶: '微',
  溦: '微',
  // 加 (add me)
  家: '加',
  伽: '加',
  // 信
  芯: '信',
  // 扣扣 / QQ
  蔻: '扣',
  // 色情 (涩情, 瑟情)
  涩: '色',
  瑟: '色',
  // 大麻
  嘛: '麻',
  // 赌博
  堵: '赌',
  睹: '赌',
  // 发票
  発: '发',
  漂: '票',
};

/**
 * Cyrillic and Greek letters that look like Latin ones ("рorn" with a Cyrillic
 * р), capitals apart since they look like Latin capitals (Greek Ν is N, its ν
 * is v). Applied to every text and every term alike, so a Cyrillic lexicon
 * term still matches its own spelling.
 */
export const LATIN_LOOK_ALIKES: Record<string, string> = {
  А: 'a', В: 'b', Е: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', У: 'y', Х: 'x', Ѕ: 's', І: 'i', Ј: 'j',
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w',
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y', Χ: 'x',
  α: 'a', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};

/** Blocks of enclosed capital letters A–Z that NFKC leaves alone: negative circled (🅐), negative squared (🅰), regional indicators (🇦). */
const ENCLOSED_LETTER_BLOCKS = [0x1f150, 0x1f170, 0x1f1e6];

/** The capital letter an enclosed-letter symbol shows ("🅿🅾🆁🅽" spells PORN), or undefined. */
export function enclosedLetter(code: number): string | undefined {
  for (const first of ENCLOSED_LETTER_BLOCKS) if (code >= first && code < first + 26) return String.fromCharCode(0x41 + code - first);
  return undefined;
}

/** Enclosed numbers NFKC leaves alone, as [first, last, number of the first]: ⓵–⓾, ❶–❿, ➀–➉, ➊–➓, ⓫–⓴, ⓿. */
const ENCLOSED_NUMBER_BLOCKS: [number, number, number][] = [
  [0x24f5, 0x24fe, 1],
  [0x2776, 0x277f, 1],
  [0x2780, 0x2789, 1],
  [0x278a, 0x2793, 1],
  [0x24eb, 0x24f4, 11],
  [0x24ff, 0x24ff, 0],
];

/** The number an enclosed-number symbol shows ("⓵" is 1), as digits, or undefined. */
export function enclosedNumber(code: number): string | undefined {
  for (const [first, last, from] of ENCLOSED_NUMBER_BLOCKS) if (code >= first && code <= last) return String(from + code - first);
  return undefined;
}

const cp = (s: string) => s.codePointAt(0)!;
const cps = (s: string) => [...s].map(cp);

/** Latin letters that stand for a CJK character when written right before its partner ("V信", "wei信"); longest first. */
export const LATIN_STAND_INS: { letters: number[]; before: number; means: number }[] = [
  { letters: cps('wei'), before: cp('信'), means: cp('微') },
  { letters: cps('v'), before: cp('信'), means: cp('微') },
  { letters: cps('w'), before: cp('信'), means: cp('微') },
];
