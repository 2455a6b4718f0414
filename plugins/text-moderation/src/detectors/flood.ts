/**
 * Flooding: one character or one phrase repeated, key-mash, and text with
 * almost no information in it. Works on the caller's code points, since
 * repetition is about what people see. Two passes over the text whatever it
 * holds: one backwards for where each character comes again, one forwards
 * for the runs.
 */
import type { NormalizedText } from '../engine/normalize.js';
import { int32s, type Scratch } from '../engine/scratch.js';
import type { Finding } from './finding.js';
import { isKeyMash, isLatinLetter } from './keyMash.js';

/** A run of one character this long or longer is flooding ("啊啊啊啊啊啊啊啊啊啊"). */
const RUN_LENGTH = 10;
/** A phrase of up to this many characters repeated this many times in a row is flooding. */
const MAX_PHRASE = 16;
const PHRASE_REPEATS = 5;
/** A text this long whose distinct characters are this small a share of it is flooding. */
const MIN_LENGTH_FOR_RATIO = 30;
const DISTINCT_RATIO = 0.08;

const isSpace = (cp: number) => cp === 0x20 || cp === 0x3000 || (cp >= 0x09 && cp <= 0x0d);

function finding(word: string, start: number, end: number, weight: number): Finding {
  return { category: 'flood', word, lexicon: 'flood', start, end, weight, evasion: [] };
}

/** Scratch table of where each BMP code point was last seen; -1 between calls. */
const lastSeen = new Int32Array(0x10000).fill(-1);

interface Repeats {
  /** Distance from each position to the next occurrence of the same character (the text's length if none). */
  dist: Int32Array;
  /** Visible (non-space) characters, and how many of them are distinct. */
  visible: number;
  distinct: number;
}

function scanRepeats(cps: Int32Array, scratch?: Scratch): Repeats {
  const dist = int32s(scratch, 'dist', cps.length);
  const astral = new Map<number, number>();
  const seen: number[] = [];
  let visible = 0;
  for (let i = cps.length - 1; i >= 0; i--) {
    const cp = cps[i]!;
    const last = cp < 0x10000 ? lastSeen[cp]! : (astral.get(cp) ?? -1);
    dist[i] = last < 0 ? cps.length : last - i;
    if (last < 0 && cp < 0x10000) seen.push(cp);
    if (!isSpace(cp)) visible++;
    if (cp < 0x10000) lastSeen[cp] = i;
    else astral.set(cp, i);
  }
  let distinct = astral.size;
  for (const cp of seen) {
    if (!isSpace(cp)) distinct++;
    lastSeen[cp] = -1;
  }
  return { dist, visible, distinct };
}

/** A phrase of 2–16 characters said again and again ("买买买", "好评返现好评返现…"), inside a stretch where characters recur within 16. */
function phraseRunsIn(cps: Int32Array, from: number, to: number, out: Finding[]): void {
  const covered = new Uint8Array(to - from);
  // A run of period p holds at least PHRASE_REPEATS − 1 periods inside the stretch.
  const longest = Math.min(MAX_PHRASE, Math.floor((to - from) / (PHRASE_REPEATS - 1)));
  for (let p = 2; p <= longest; p++) {
    let streak = 0;
    for (let i = from; i <= to; i++) {
      if (i < to && i + p < cps.length && cps[i] === cps[i + p]) {
        streak++;
        continue;
      }
      const start = i - streak;
      if (streak >= p * (PHRASE_REPEATS - 1) && !covered[start - from] && hasVariety(cps, start, p)) {
        const end = i + p;
        const repeats = Math.floor((end - start) / p);
        out.push(finding('repeated phrase', start, end, Math.min(1, 0.6 + (repeats - PHRASE_REPEATS) * 0.06)));
        covered.fill(1, start - from, i - from);
      }
      streak = 0;
    }
  }
}

/** A phrase made of one character repeated is a character run, found already. */
function hasVariety(cps: Int32Array, start: number, p: number): boolean {
  for (let k = start + 1; k < start + p; k++) if (cps[k] !== cps[start]) return true;
  return false;
}

export function detectFlood(n: NormalizedText, scratch?: Scratch): Finding[] {
  const cps = n.original;
  const { dist, visible, distinct } = scanRepeats(cps, scratch);
  const out: Finding[] = [];
  // Inside a phrase of period p repeated, every character comes again within p,
  // so only stretches where `dist` stays small need the per-period check.
  const minWindow = 2 * (PHRASE_REPEATS - 1);
  let window = -1;
  let run = 0;
  let word = -1;
  for (let i = 0; i <= cps.length; i++) {
    // Past the end: nothing recurs, so an open stretch or run ends here.
    const d = i < cps.length ? dist[i]! : MAX_PHRASE + 1;
    if (d <= MAX_PHRASE) {
      if (window < 0) window = i;
    } else {
      if (window >= 0 && i - window >= minWindow) phraseRunsIn(cps, window, i, out);
      window = -1;
    }
    // Character runs: a run of length L is L − 1 positions whose next character is the same.
    if (d === 1) run++;
    else {
      const length = run + 1;
      if (length >= RUN_LENGTH && !isSpace(cps[i]!)) {
        // 10 repeats reviews, 20 or more blocks.
        out.push(finding('repeated character', i - run, i + 1, Math.min(1, 0.5 + (length - RUN_LENGTH) * 0.045)));
      }
      run = 0;
    }
    if (i < cps.length && isLatinLetter(cps[i]!)) {
      if (word < 0) word = i;
    } else {
      if (word >= 0 && isKeyMash(cps, word, i)) {
        // Key-mash alone is noise worth a look; most of a short text mashed is flooding.
        out.push(finding('key mash', word, i, (i - word) / cps.length >= 0.5 ? 0.7 : 0.5));
      }
      word = -1;
    }
  }
  if (visible >= MIN_LENGTH_FOR_RATIO && distinct / visible <= DISTINCT_RATIO) {
    out.push(finding('low variety', 0, cps.length, 0.9));
  }
  return out;
}
