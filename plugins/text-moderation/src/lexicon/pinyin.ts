import { pinyin } from 'pinyin-pro';

const ALL_HAN = /^\p{Script=Han}{2,}$/u;
/** Shorter spellings ("dama") are ordinary Latin words too often to match on their own. */
const MIN_LETTERS = 6;

/**
 * How a Chinese term is written in toneless pinyin ("色情视频" → "seqingshipin"),
 * with ü as both "v" and "u" since people type either. Separators between
 * syllables are folded away before matching, so "se qing shi pin" matches too.
 */
export function pinyinSpellings(term: string): string[] {
  if (!ALL_HAN.test(term)) return [];
  const syllables = pinyin(term, { toneType: 'none', type: 'array', v: true }) as string[];
  const withV = syllables.join('').toLowerCase();
  if (!/^[a-z]+$/.test(withV) || withV.length < MIN_LETTERS) return [];
  const withU = withV.replaceAll('v', 'u');
  return withU === withV ? [withV] : [withV, withU];
}
