/**
 * Flooding: one character or one phrase repeated, key-mash, and text with
 * almost no information in it. Works on the caller's code points, since
 * repetition is about what people see. One pass over the text whatever it
 * holds, noting where each character comes again a little behind the scan
 * and how often each occurs.
 */
import type { NormalizedText } from '../engine/normalize.js';
import type { Finding } from './finding.js';
import { isKeyMash, isLatinLetter } from './keyMash.js';

/** A run of one character this long or longer is flooding ("啊啊啊啊啊啊啊啊啊啊"). */
const RUN_LENGTH = 10;
/** A phrase of up to this many characters repeated this many times in a row is flooding. */
const MAX_PHRASE = 16;
const PHRASE_REPEATS = 5;
/**
 * A text of this many visible characters or more carrying this few bits per
 * character is flooding: 2 bits is what four characters used equally often
 * carry ("哈哈呵呵嘿嘿…", "666 888 999"). Ordinary writing carries 4 bits or
 * more in English and more in Chinese, however long it is; a share of
 * distinct characters would call every long English paragraph a flood.
 */
const MIN_LENGTH_FOR_INFORMATION = 30;
const LOW_INFORMATION_BITS = 2;
/** At or below this, as in two characters alternating, the text is nothing but noise. */
const NO_INFORMATION_BITS = 1.6;

const isSpace = (cp: number) => cp === 0x20 || cp === 0x3000 || (cp >= 0x09 && cp <= 0x0d);

function finding(word: string, start: number, end: number, weight: number): Finding {
  return { category: 'flood', word, lexicon: 'flood', start, end, weight, evasion: [] };
}

/**
 * Per BMP code point seen in the current call: how often it occurred (the
 * high bits, stopping at 32,767, beyond the longest text a job may send) and
 * where it was last seen, as the low 16 bits of its position; 0 for unseen.
 * One 256 KiB table touched once per character; a call clears the entries
 * it set, which `firstSeen` lists.
 */
const seen = new Int32Array(0x10000);
const COUNT_SHIFT = 16;
const POSITION_MASK = 0xffff;
const MAX_COUNT = 0x7fff;
/** The BMP code points of the current call, each once. */
let firstSeen = new Int32Array(1024);

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

/** Bits per visible character: the Shannon entropy of their frequencies. */
function informationBits(visible: number, bmpCount: number, astralCounts: Map<number, number>): number {
  let sum = 0;
  for (let k = 0; k < bmpCount; k++) {
    const cp = firstSeen[k]!;
    if (isSpace(cp)) continue;
    const count = seen[cp]! >>> COUNT_SHIFT;
    sum += count * Math.log2(count);
  }
  for (const count of astralCounts.values()) sum += count * Math.log2(count);
  return Math.log2(visible) - sum / visible;
}

export function detectFlood(n: NormalizedText): Finding[] {
  const cps = n.original;
  const length = cps.length;
  if (firstSeen.length < length) firstSeen = new Int32Array(length);
  let bmpCount = 0;
  const astral = new Map<number, number>();
  const astralCounts = new Map<number, number>();
  const out: Finding[] = [];
  let visible = 0;
  let word = -1;
  // Position k is looked at once the scan is MAX_PHRASE past it: by then whether
  // its character comes again within MAX_PHRASE is known.
  let window = -1;
  let run = 0;
  // Bit j: the character at i − j is known to come again within MAX_PHRASE. Position k = i − MAX_PHRASE
  // is looked at once its bit can no longer change.
  let recurring = 0;
  const minWindow = 2 * (PHRASE_REPEATS - 1);
  for (let i = 0; i <= length + MAX_PHRASE; i++) {
    recurring <<= 1;
    if (i < length) {
      const cp = cps[i]!;
      // How far back the character was last seen, if within MAX_PHRASE (0 if not), and whether it is new.
      let near = 0;
      let first: boolean;
      if (cp < 0x10000) {
        const entry = seen[cp]!;
        first = entry === 0;
        if (first) {
          firstSeen[bmpCount++] = cp;
          seen[cp] = (1 << COUNT_SHIFT) | (i & POSITION_MASK);
        } else {
          // The low bits give the last position only modulo 65,536; the character found there confirms it.
          const d = (i - entry) & POSITION_MASK;
          if (d !== 0 && d <= MAX_PHRASE && cps[i - d] === cp) near = d;
          const count = entry >>> COUNT_SHIFT;
          seen[cp] = ((count < MAX_COUNT ? count + 1 : count) << COUNT_SHIFT) | (i & POSITION_MASK);
        }
      } else {
        const last = astral.get(cp);
        first = last === undefined;
        if (last !== undefined && i - last <= MAX_PHRASE) near = i - last;
        astral.set(cp, i);
        astralCounts.set(cp, (astralCounts.get(cp) ?? 0) + 1);
      }
      if (!isSpace(cp)) visible++;
      if (near !== 0) recurring |= 1 << near;
    }
    if (i <= length) {
      if (i < length && isLatinLetter(cps[i]!)) {
        if (word < 0) word = i;
      } else {
        if (word >= 0 && isKeyMash(cps, word, i)) {
          // Key-mash alone is noise worth a look; most of a short text mashed is flooding.
          out.push(finding('key mash', word, i, (i - word) / length >= 0.5 ? 0.7 : 0.5));
        }
        word = -1;
      }
    }
    const k = i - MAX_PHRASE;
    if (k < 0) continue;
    // Past the end nothing recurs, so an open stretch or run ends there.
    // Inside a phrase of period p repeated, every character comes again within p,
    // so only stretches where characters recur within MAX_PHRASE need the per-period check.
    if ((recurring >>> MAX_PHRASE) & 1) {
      if (window < 0) window = k;
    } else {
      if (window >= 0 && k - window >= minWindow) phraseRunsIn(cps, window, k, out);
      window = -1;
    }
    // Character runs: a run of length L is L − 1 positions whose next character is the same.
    if (k + 1 < length && cps[k + 1] === cps[k]) run++;
    else {
      const runLength = run + 1;
      if (runLength >= RUN_LENGTH && !isSpace(cps[k]!)) {
        // 10 repeats reviews, 20 or more blocks.
        out.push(finding('repeated character', k - run, k + 1, Math.min(1, 0.5 + (runLength - RUN_LENGTH) * 0.045)));
      }
      run = 0;
    }
  }
  if (visible >= MIN_LENGTH_FOR_INFORMATION) {
    const bits = informationBits(visible, bmpCount, astralCounts);
    if (bits <= LOW_INFORMATION_BITS) out.push(finding('low information', 0, length, bits <= NO_INFORMATION_BITS ? 0.9 : 0.6));
  }
  for (let k = 0; k < bmpCount; k++) seen[firstSeen[k]!] = 0;
  return out;
}
