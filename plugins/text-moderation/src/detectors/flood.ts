/**
 * Flooding: one character or one phrase repeated, key-mash, and text with
 * almost no information in it. Works on the caller's code points, since
 * repetition is about what people see.
 */
import type { NormalizedText } from '../engine/normalize.js';
import type { Finding } from './finding.js';
import { findKeyMash } from './keyMash.js';

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

function characterRuns(cps: Int32Array, out: Finding[]): void {
  let runStart = 0;
  for (let i = 1; i <= cps.length; i++) {
    if (i < cps.length && cps[i] === cps[runStart]) continue;
    const length = i - runStart;
    if (length >= RUN_LENGTH && !isSpace(cps[runStart]!)) {
      // 10 repeats reviews, 20 or more blocks.
      out.push(finding('repeated character', runStart, i, Math.min(1, 0.5 + (length - RUN_LENGTH) * 0.045)));
    }
    runStart = i;
  }
}

/** Scratch table of where each BMP code point was last seen, reset after each use. */
const lastSeen = new Int32Array(0x10000).fill(-1);

/**
 * Distance from each position to the next occurrence of the same character.
 * Inside a repeated phrase of period p it is at most p, so only stretches
 * where it stays small need the per-period check.
 */
function nextDistances(cps: Int32Array): Int32Array {
  const dist = new Int32Array(cps.length);
  const astral = new Map<number, number>();
  for (let i = cps.length - 1; i >= 0; i--) {
    const cp = cps[i]!;
    const last = cp < 0x10000 ? lastSeen[cp]! : (astral.get(cp) ?? -1);
    dist[i] = last < 0 ? cps.length : last - i;
    if (cp < 0x10000) lastSeen[cp] = i;
    else astral.set(cp, i);
  }
  for (const cp of cps) if (cp < 0x10000) lastSeen[cp] = -1;
  return dist;
}

/** A phrase of 2–16 characters said again and again ("买买买", "好评返现好评返现…"). */
function phraseRuns(cps: Int32Array, out: Finding[]): void {
  const dist = nextDistances(cps);
  const minWindow = 2 * (PHRASE_REPEATS - 1);
  let windowStart = -1;
  for (let i = 0; i <= cps.length; i++) {
    if (i < cps.length && dist[i]! <= MAX_PHRASE) {
      if (windowStart < 0) windowStart = i;
      continue;
    }
    if (windowStart >= 0 && i - windowStart >= minWindow) phraseRunsIn(cps, windowStart, i, out);
    windowStart = -1;
  }
}

function phraseRunsIn(cps: Int32Array, from: number, to: number, out: Finding[]): void {
  const covered = new Uint8Array(to - from);
  for (let p = 2; p <= MAX_PHRASE; p++) {
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

/**
 * BMP code points seen in the current call: a cell holds the number of the call
 * that last saw it, so nothing needs clearing between calls.
 */
const seenIn = new Uint32Array(0x10000);
let call = 0;

function lowVariety(cps: Int32Array, out: Finding[]): void {
  if (cps.length < MIN_LENGTH_FOR_RATIO) return;
  if (++call === 0xffffffff) {
    seenIn.fill(0);
    call = 1;
  }
  const astral = new Set<number>();
  let visible = 0;
  let distinct = 0;
  // Visible characters are at most the text's length, so past this many distinct ones the
  // ratio cannot come down to the limit: ordinary text stops after a few dozen characters.
  const ceiling = Math.floor(cps.length * DISTINCT_RATIO);
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    if (isSpace(cp)) continue;
    visible++;
    if (cp < 0x10000) {
      if (seenIn[cp] !== call) {
        seenIn[cp] = call;
        if (++distinct > ceiling) return;
      }
    } else {
      astral.add(cp);
      if (distinct + astral.size > ceiling) return;
    }
  }
  distinct += astral.size;
  if (visible >= MIN_LENGTH_FOR_RATIO && distinct / visible <= DISTINCT_RATIO) {
    out.push(finding('low variety', 0, cps.length, 0.9));
  }
}

export function detectFlood(n: NormalizedText): Finding[] {
  const out: Finding[] = [];
  characterRuns(n.original, out);
  phraseRuns(n.original, out);
  lowVariety(n.original, out);
  for (const [start, end] of findKeyMash(n.original)) {
    // Key-mash alone is noise worth a look; most of a short text mashed is flooding.
    const share = (end - start) / Math.max(1, n.original.length);
    out.push(finding('key mash', start, end, share >= 0.5 ? 0.7 : 0.5));
  }
  return out;
}
