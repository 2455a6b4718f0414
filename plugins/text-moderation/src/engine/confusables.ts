/**
 * Letters of any script that look like a Latin letter ("ƒ", "ɦ", "ꮪ"), from
 * Unicode's confusables data (UTS #39) as the `unhomoglyph` package ships it,
 * read into the fold table once. Only what stands for one ASCII letter once
 * its marks are gone ("ƒ" is f with a comma below); CJK, kana and Hangul keep
 * their own characters, and ASCII itself (1 for l, 0 for O) is leetspeak's
 * business (`leet.ts`), not folding's.
 */
import { createRequire } from 'node:module';
import { LATIN_LOOK_ALIKES } from './variants.js';

const MARKS = /\p{M}/gu;
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\p{Script=Yi}]/u;
const LETTER = /^\p{L}$/u;

/** Look-alikes the confusables data lacks but filters are tested against (obscenity's "ʃ𝐟ʃὗƈｋ"): ʃ for f, ƈ for c. */
const MORE_LOOK_ALIKES: Record<string, string> = { ʃ: 'f', ƈ: 'c' };

const withoutMarks = (s: string) => s.normalize('NFD').replace(MARKS, '');

let table: Map<string, string> | undefined;

function build(): Map<string, string> {
  const data = createRequire(import.meta.url)('unhomoglyph/data.json') as Record<string, string>;
  const letters = new Map<string, string>(Object.entries(MORE_LOOK_ALIKES));
  for (const [from, to] of Object.entries(data)) {
    if ([...from].length !== 1 || from.charCodeAt(0) < 0x80 || !LETTER.test(from) || EAST_ASIAN.test(from)) continue;
    const letter = withoutMarks(to).toLowerCase();
    if (/^[a-z]$/.test(letter) && !letters.has(from)) letters.set(from, letter);
  }
  return letters;
}

/**
 * The Latin letter `ch` (one folded character: lower case, NFKC) looks like,
 * or undefined: from the confusables data, or, for a Greek or Cyrillic letter
 * with accents ("ὗ"), the letter its base looks like.
 */
export function confusableLetter(ch: string): string | undefined {
  if (ch.charCodeAt(0) < 0x80) return undefined;
  table ??= build();
  const direct = table.get(ch);
  if (direct) return direct;
  const base = withoutMarks(ch);
  return base !== ch && base.length === 1 ? (LATIN_LOOK_ALIKES[base] ?? table.get(base)) : undefined;
}
