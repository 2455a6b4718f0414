/**
 * Leetspeak: digits and symbols written for letters inside a Latin word
 * ("a$$hole", "b!tch", "fu(k", "6an6ban6", "ji22"). Folding keeps digits as
 * digits (phone numbers, dates) and drops `$ @ ( |` as separators, which a
 * Chinese word split by them needs; so instead of changing folding, the text
 * is read a second time with these characters as letters, only in the words
 * that mix them with letters. Each reading is the caller's text with ASCII
 * replaced by ASCII, so its code-point offsets are the caller's own.
 */

/** What each character stands for; `1` and `|` are an i or an l, so they get a reading of each. */
const AS_LETTER: Record<string, string> = {
  '0': 'o', '1': 'i', '2': 'z', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g',
  $: 's', '@': 'a', '(': 'c', '|': 'i', '!': 'i',
};
const AS_L: Record<string, string> = { '1': 'l', '|': 'l' };

/**
 * Symbols with another role at a word's edge: `!` ends a clause ("stop!"),
 * `(` and `|` bracket and divide; only between two word characters are they letters.
 */
const INNER_ONLY = new Set(['!', '(', '|']);

const LETTER = /[A-Za-z]/;

/** The positions in `token` read as letters, or null when the token is no leetspeak word. */
function leetPositions(token: string): number[] | null {
  let letters = 0;
  const at: number[] = [];
  for (let i = 0; i < token.length; i++) {
    const c = token[i]!;
    if (LETTER.test(c)) letters++;
    else if (!INNER_ONLY.has(c) || (i > 0 && i < token.length - 1)) at.push(i);
  }
  // Mostly letters: "a55hole" and "ji22" read, a model number ("A55", "x264") does not.
  return letters > 0 && at.length > 0 && letters >= at.length ? at : null;
}

const IN_TOKEN = /[A-Za-z0-9$@(|!]/;

/** The token (a run of IN_TOKEN characters) around UTF-16 offset `at`, as [start, end). */
function tokenAround(text: string, at: number): [number, number] {
  let start = at;
  let end = at;
  while (start > 0 && IN_TOKEN.test(text[start - 1]!)) start--;
  while (end < text.length && IN_TOKEN.test(text[end]!)) end++;
  return [start, end];
}

/**
 * The readings of `text` with leetspeak words read as letters, or none when
 * it has no such word: one with `1` and `|` as i, and, when any is there,
 * one with them as l. Only the words around `around` (UTF-16 offsets where
 * normalising saw a digit or symbol against a letter) are looked at, so a
 * long text with one such word costs that word.
 */
export function leetReadings(text: string, around: readonly number[]): string[] {
  const replaced: number[] = [];
  let hasL = false;
  let done = -1;
  for (const at of around) {
    if (at < done) continue;
    const [start, end] = tokenAround(text, at);
    done = end;
    const token = text.slice(start, end);
    const positions = leetPositions(token);
    if (!positions) continue;
    for (const i of positions) {
      replaced.push(start + i);
      if (AS_L[token[i]!]) hasL = true;
    }
  }
  if (!replaced.length) return [];
  const read = (table: Record<string, string>) => {
    const chars = text.split('');
    for (const i of replaced) chars[i] = table[chars[i]!] ?? AS_LETTER[chars[i]!]!;
    return chars.join('');
  };
  return hasL ? [read({}), read(AS_L)] : [read({})];
}
