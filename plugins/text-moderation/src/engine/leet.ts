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

const TOKEN = /[A-Za-z0-9$@(|!]+/g;
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

/**
 * The readings of `text` with leetspeak words read as letters, or none when
 * it has no such word: one with `1` and `|` as i, and, when any is there,
 * one with them as l.
 */
export function leetReadings(text: string): string[] {
  const replaced: number[] = [];
  let hasL = false;
  for (const m of text.matchAll(TOKEN)) {
    const at = leetPositions(m[0]);
    if (!at) continue;
    for (const i of at) {
      replaced.push(m.index + i);
      if (AS_L[m[0][i]!]) hasL = true;
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
