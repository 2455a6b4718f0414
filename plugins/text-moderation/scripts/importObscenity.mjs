#!/usr/bin/env node
// Writes data/lexicons/english.tsv from obscenity's English dataset (MIT; its words from the cuss project, MIT),
// so the built-in English list is a maintained one with provenance. Run with the unpacked npm package:
//   npm pack obscenity@0.4.6 && tar xzf obscenity-0.4.6.tgz && node scripts/importObscenity.mjs package
// Patterns become terms: `|` at an end is a word boundary there, no `|` is `*` (may match inside a word), and
// a two-letter form of consonants with a boundary (`|fk`) is a whole word;
// `[x]` is an optional letter (both spellings written), `[?]` any letter (the original word's letter, and none).
// Whitelisted terms become allow terms that may match inside words (`*analy*` clears `anal*` in "analysis").
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node scripts/importObscenity.mjs <unpacked obscenity package>');
const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
const source = readFileSync(path.join(dir, 'dist/preset/english.js'), 'utf8');
const out = fileURLToPath(new URL('../data/lexicons/english.tsv', import.meta.url));

// Which built-in category each of the dataset's words belongs to; the rest are abuse.
const PORN = new Set(['anal', 'anus', 'bestiality', 'blowjob', 'boob', 'buttplug', 'cum', 'deepthroat', 'dildo', 'doggystyle',
  'double penetration', 'ejaculate', 'felch', 'fellatio', 'finger bang', 'fisting', 'gangbang', 'handjob', 'hentai', 'hooker',
  'incest', 'jerk off', 'jizz', 'lubejob', 'masturbate', 'orgasm', 'orgy', 'penis', 'porn', 'pussy', 'scat', 'semen', 'sex',
  'tit', 'vagina', 'wank']);
// Slurs against a people block on their own. The rest review as whole words, but only add evidence (0.45, below
// the review line) where they match inside a longer word ("fucking great" is ordinary writing, "fuck off" is not)
// and where the word is an ordinary one ("the sex of the baby").
const SLURS = new Set(['abo', 'abeed', 'africoon', 'arabush', 'boonga', 'chingchong', 'chink', 'fag', 'kike', 'nigger', 'tranny']);
const ORDINARY = new Set(['sex', 'anal', 'anus', 'boob', 'tit', 'penis', 'vagina', 'semen', 'ejaculate', 'orgy', 'scat', 'hooker']);
const weightOf = (original, open) => (SLURS.has(original) ? 0.9 : open || ORDINARY.has(original) ? 0.45 : 0.6);

/** The spellings a pattern stands for. */
function expand(pattern, original) {
  let forms = [''];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '[') {
      const close = pattern.indexOf(']', i);
      const inner = pattern.slice(i + 1, close);
      const letter = inner === '?' ? original[forms[0].length] ?? '' : inner;
      forms = forms.flatMap((f) => [f + letter, f]);
      i = close;
    } else forms = forms.map((f) => f + c);
  }
  return forms;
}

const lines = [];
const seen = new Set();
const add = (line) => {
  if (!seen.has(line)) {
    seen.add(line);
    lines.push(line);
  }
};
let original = '';
for (const m of source.matchAll(/originalWord: '([^']*)'|pattern\) `([^`]*)`|addWhitelistedTerm\((['"])(.*?)\3\)/g)) {
  if (m[1] !== undefined) original = m[1];
  else if (m[2] !== undefined) {
    const p = m[2];
    const start = p.startsWith('|');
    const end = p.endsWith('|');
    const body = p.slice(start ? 1 : 0, end ? -1 : undefined);
    const category = PORN.has(original) ? 'porn' : 'abuse';
    const weight = weightOf(original, !start || !end);
    for (const form of expand(body, original)) {
      // Lost its letters to an optional one, or too short to stand for the word without its boundaries.
      if (form.length < 2 || (form.length < 3 && !start && !end)) continue;
      // Two letters with a boundary: consonants alone ("|fk") abbreviate the word, so a whole word, as
      // evidence below the review line (they are initials too); with a vowel ("|fu|") they are a word or a
      // pinyin syllable (福, 服) far more often than the listed one.
      if (form.length < 3 && /[aeiouy]/.test(form)) continue;
      if (form.length < 3) add(`${form}\t${category}\t${Math.min(weight, 0.45)}`);
      else add(`${start ? '' : '*'}${form}${end ? '' : '*'}\t${category}\t${weight}`);
    }
  } else {
    const term = m[4];
    // Digits fold as digits, so a term with one ("45s") is no spelling of a listed word here.
    if (/\d/.test(term)) continue;
    add(`*${term}*\tallow`);
  }
}

const header = [
  `# Built-in English list: obscenity ${pkg.version}'s English dataset (https://github.com/jo3-l/obscenity, MIT, © Joseph Liu),`,
  '# whose words are taken from the cuss project (https://github.com/words/cuss, MIT, © 2016 Titus Wormer), with its',
  '# modifications. Written by scripts/importObscenity.mjs; edit that script, not this file, to change the conversion.',
  '# A term with `*` at an end may match inside a longer word there; allow terms clear what they cover (Scunthorpe words).',
];
writeFileSync(out, `${[...header, ...lines].join('\n')}\n`);
console.log(`${lines.length} lines written to ${path.relative(process.cwd(), out)}`);
