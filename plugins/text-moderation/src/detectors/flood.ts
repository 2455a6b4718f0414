/**
 * Flooding: one character or one phrase repeated, key-mash, and text with
 * almost no information in it. Works on the caller's code points, since
 * repetition is about what people see. One pass over the text whatever it
 * holds, noting how often each character occurs and whether it occurred
 * within the last 16; only the stretches where characters keep recurring get
 * the per-period phrase check.
 */
import type { NormalizedText } from '../engine/normalize.js';
import type { Finding } from './finding.js';
import { isKeyMash, isLatinLetter, startsCamelPart } from './keyMash.js';

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

/**
 * Spaces, and characters a run of which draws a line or a table ("------",
 * "══════", "......"): layout, which neither floods as a run nor counts
 * toward a text's information (a title over a long rule is no empty text).
 * Chinese stops and exclamations are not layout: "。。。！！！？？？" is noise.
 */
const LAYOUT = /^[\s\u3000\-=_~*#/\\|+.·•\p{Pd}\u2500-\u257f]$/u;
let layoutTable: Uint8Array | undefined;

function isLayout(cp: number): boolean {
  if (cp >= 0x10000) return false;
  if (!layoutTable) {
    layoutTable = new Uint8Array(0x10000);
    // Full-width forms too: ＝＝＝ draws the same line.
    for (let c = 0; c < 0x10000; c++) if (LAYOUT.test(String.fromCharCode(c).normalize('NFKC'))) layoutTable[c] = 1;
  }
  return layoutTable[cp] === 1;
}

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
const ONE = 1 << COUNT_SHIFT;
const FULL = MAX_COUNT << COUNT_SHIFT;
/** The BMP code points of the current call, each once. */
let firstSeen = new Int32Array(1024);
/** Per position of the current call: 1 where its character also occurs at most MAX_PHRASE before it. */
let recurs = new Uint8Array(1024);

/**
 * A phrase of 2–16 characters said again and again ("买买买", "好评返现好评返现…"),
 * inside a stretch that holds every such run it touches (see `phraseStretches`).
 */
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

/** A phrase made of one character repeated is a character run, found already; one made only of layout draws a table ("│    │    │"). */
function hasVariety(cps: Int32Array, start: number, p: number): boolean {
  let varied = false;
  let content = !isLayout(cps[start]!);
  for (let k = start + 1; k < start + p; k++) {
    if (cps[k] !== cps[start]) varied = true;
    if (!isLayout(cps[k]!)) content = true;
  }
  return varied && content;
}

/**
 * The visible characters (not layout) and the bits each carries: the Shannon
 * entropy of their frequencies, from the counts the scan kept.
 */
function information(bmpCount: number, astralCounts: Map<number, number>): { visible: number; bits: number } {
  let visible = 0;
  let sum = 0;
  for (let k = 0; k < bmpCount; k++) {
    const cp = firstSeen[k]!;
    if (isLayout(cp)) continue;
    const count = seen[cp]! >>> COUNT_SHIFT;
    visible += count;
    sum += count * Math.log2(count);
  }
  for (const count of astralCounts.values()) {
    visible += count;
    sum += count * Math.log2(count);
  }
  return { visible, bits: visible ? Math.log2(visible) - sum / visible : 0 };
}

/**
 * Where repeated phrases may be, as stretches for `phraseRunsIn`. In a phrase
 * of period p repeated from s for L ≥ 4p characters, every position from s + p
 * to s + L + p recurs within p ≤ MAX_PHRASE, so `recurs` has a run of at least
 * 8 there that starts no more than MAX_PHRASE after s. Such runs, reached back
 * MAX_PHRASE and merged where they meet, hold every repeated phrase whole.
 */
function phraseStretches(cps: Int32Array, length: number, out: Finding[]): void {
  const minRun = 2 * (PHRASE_REPEATS - 1);
  let from = -1;
  let to = -1;
  for (let k = 0; k < length; k++) {
    if (recurs[k] === 0) continue;
    const start = k;
    while (k < length && recurs[k] === 1) k++;
    if (k - start < minRun) continue;
    const reach = Math.max(0, start - MAX_PHRASE);
    if (reach > to) {
      if (to >= 0) phraseRunsIn(cps, from, to, out);
      from = reach;
    }
    to = k;
  }
  if (to >= 0) phraseRunsIn(cps, from, to, out);
}

function endRun(cps: Int32Array, last: number, run: number, out: Finding[]): void {
  // A run of length L is L − 1 positions whose character is the one before.
  const runLength = run + 1;
  if (runLength >= RUN_LENGTH && !isLayout(cps[last]!)) {
    // 10 repeats reviews, 20 or more blocks.
    out.push(finding('repeated character', last - run, last + 1, Math.min(1, 0.5 + (runLength - RUN_LENGTH) * 0.045)));
  }
}

function keyMash(cps: Int32Array, word: number, end: number, out: Finding[]): void {
  // Key-mash alone is noise worth a look; most of a short text mashed is flooding.
  if (isKeyMash(cps, word, end)) out.push(finding('key mash', word, end, (end - word) / cps.length >= 0.5 ? 0.7 : 0.5));
}

export function detectFlood(n: NormalizedText): Finding[] {
  const cps = n.original;
  const length = cps.length;
  if (firstSeen.length < length) firstSeen = new Int32Array(length);
  if (recurs.length < length) recurs = new Uint8Array(length);
  // Below 65,536 characters the low bits are the last position itself; beyond, the character found there confirms it.
  const exact = length <= POSITION_MASK + 1;
  let bmpCount = 0;
  const astral = new Map<number, number>();
  const astralCounts = new Map<number, number>();
  const out: Finding[] = [];
  let word = -1;
  let run = 0;
  for (let i = 0; i < length; i++) {
    const cp = cps[i]!;
    if (cp < 0x10000) {
      const entry = seen[cp]!;
      if (entry === 0) {
        recurs[i] = 0;
        firstSeen[bmpCount++] = cp;
        seen[cp] = ONE | (i & POSITION_MASK);
      } else {
        const d = (i - entry) & POSITION_MASK;
        // (MAX_PHRASE − d) >>> 31 is 1 when d > MAX_PHRASE: no branch to mispredict on ordinary text.
        recurs[i] = exact ? ((MAX_PHRASE - d) >>> 31) ^ 1 : d !== 0 && d <= MAX_PHRASE && cps[i - d] === cp ? 1 : 0;
        const count = entry & ~POSITION_MASK;
        seen[cp] = (count < FULL ? count + ONE : count) | (i & POSITION_MASK);
      }
    } else {
      const last = astral.get(cp);
      recurs[i] = last !== undefined && i - last <= MAX_PHRASE ? 1 : 0;
      astral.set(cp, i);
      astralCounts.set(cp, (astralCounts.get(cp) ?? 0) + 1);
    }
    if (isLatinLetter(cp)) {
      if (word < 0) word = i;
      else if (startsCamelPart(cps, i)) {
        keyMash(cps, word, i, out);
        word = i;
      }
    } else if (word >= 0) {
      keyMash(cps, word, i, out);
      word = -1;
    }
    if (i > 0 && cp === cps[i - 1]) run++;
    else if (run > 0) {
      endRun(cps, i - 1, run, out);
      run = 0;
    }
  }
  if (word >= 0) keyMash(cps, word, length, out);
  if (run > 0) endRun(cps, length - 1, run, out);
  phraseStretches(cps, length, out);
  if (length >= MIN_LENGTH_FOR_INFORMATION) {
    const { visible, bits } = information(bmpCount, astralCounts);
    if (visible >= MIN_LENGTH_FOR_INFORMATION && bits <= LOW_INFORMATION_BITS) {
      out.push(finding('low information', 0, length, bits <= NO_INFORMATION_BITS ? 0.9 : 0.6));
    }
  }
  for (let k = 0; k < bmpCount; k++) seen[firstSeen[k]!] = 0;
  return out;
}
