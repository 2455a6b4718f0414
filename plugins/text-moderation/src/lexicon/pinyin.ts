import { pinyin } from 'pinyin-pro';

const ALL_HAN = /^\p{Script=Han}{2,}$/u;
/** Shorter spellings ("dama") are ordinary Latin words too often to match on their own. */
const MIN_LETTERS = 6;
/** A term spelled with one syllable in pinyin needs at least this many characters left in Han ("色qing视频", "裸liao"). */
const MIN_HAN_KEPT = 1;

/** The term's toneless syllables ("色情视频" → se qing shi pin), ü as "v"; null when it is not all Han or a syllable is not plain letters. */
function syllablesOf(term: string): string[] | null {
  if (!ALL_HAN.test(term)) return null;
  const syllables = (pinyin(term, { toneType: 'none', type: 'array', v: true }) as string[]).map((s) => s.toLowerCase());
  return syllables.length === [...term].length && syllables.every((s) => /^[a-z]+$/.test(s)) ? syllables : null;
}

/** People type ü as either "v" or "u". */
const withBothUs = (spelling: string) => (spelling.includes('v') ? [spelling, spelling.replaceAll('v', 'u')] : [spelling]);

/**
 * How a Chinese term is written in toneless pinyin ("色情视频" → "seqingshipin"),
 * with ü as both "v" and "u" since people type either. Separators between
 * syllables are folded away before matching, so "se qing shi pin" matches too.
 */
export function pinyinSpellings(term: string): string[] {
  const syllables = syllablesOf(term);
  const spelling = syllables?.join('') ?? '';
  return spelling.length >= MIN_LETTERS ? withBothUs(spelling) : [];
}

/**
 * The term with one character written in pinyin ("色qing视频", "裸liao",
 * "luo聊"): the commonest mixed spelling, which neither the term nor its
 * full pinyin matches. One syllable at a time keeps the forms to one per
 * character; the Han left anchors them, so short syllables are safe.
 */
export function mixedSpellings(term: string): string[] {
  const syllables = syllablesOf(term);
  if (!syllables || syllables.length - 1 < MIN_HAN_KEPT) return [];
  const chars = [...term];
  return syllables.flatMap((syllable, i) =>
    withBothUs(syllable).map((s) => [...chars.slice(0, i), s, ...chars.slice(i + 1)].join('')),
  );
}
