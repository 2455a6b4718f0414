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
  // 大麻
  嘛: '麻',
  // 赌博
  堵: '赌',
  睹: '赌',
  // 发票
  発: '发',
  漂: '票',
};

const cp = (s: string) => s.codePointAt(0)!;
const cps = (s: string) => [...s].map(cp);

/** Latin letters that stand for a CJK character when written right before its partner ("V信", "wei信"); longest first. */
export const LATIN_STAND_INS: { letters: number[]; before: number; means: number }[] = [
  { letters: cps('wei'), before: cp('信'), means: cp('微') },
  { letters: cps('v'), before: cp('信'), means: cp('微') },
  { letters: cps('w'), before: cp('信'), means: cp('微') },
];
