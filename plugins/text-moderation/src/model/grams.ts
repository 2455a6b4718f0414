/**
 * The features the abuse model reads: hashed character 1–4-grams and Latin
 * word uni- and bigrams of the folded text (the same folding lexicons see, so
 * traditional, full-width and separated spellings score as the plain ones).
 * Training and scoring both go through `extractGrams`, so they cannot drift.
 */
import type { NormalizedText } from '../engine/normalize.js';

/** Where n-grams of one text land: a hashed bucket and the folded span `[from, to)` each came from. */
export class GramBuffer {
  buckets = new Int32Array(1024);
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  count = 0;
  /** The folded text with a word boundary (code 0x20) where folding dropped a space between non-Han letters. */
  view = new Int32Array(256);
  /** For each view position, the folded index it came from (a boundary: the folded index after it). */
  at = new Int32Array(256);
  viewLength = 0;
}

export const MAX_CHAR_GRAM = 4;
const BOUNDARY = 0x20;

const isHan = (cp: number) => (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
const isWordChar = (cp: number) => (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || cp === 0x27;

/** A 32-bit hash step (FNV-1a's multiply) and a final avalanche (murmur3's), so nearby grams spread over the buckets. */
const step = (h: number, cp: number) => Math.imul(h ^ cp, 0x01000193);
function finish(h: number, bits: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> (32 - bits);
}
// One seed per kind of gram, so "ab" as characters and "ab" as a word land apart.
const CHAR_SEED = [0, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c];
const WORD_SEED = 0x1f83d9ab;
const PAIR_SEED = 0x5be0cd19;

/** Builds the view: folded code points, a boundary where a dropped space or symbol stood between two non-Han characters. */
function buildView(n: NormalizedText, out: GramBuffer): void {
  if (out.view.length < n.length * 2 + 2) {
    out.view = new Int32Array(n.length * 2 + 2);
    out.at = new Int32Array(n.length * 2 + 2);
  }
  let k = 0;
  for (let i = 0; i < n.length; i++) {
    const cp = n.folded[i]!;
    if (i > 0 && n.source[i]! - n.source[i - 1]! > 1 && !isHan(cp) && !isHan(n.folded[i - 1]!)) {
      out.view[k] = BOUNDARY;
      out.at[k++] = i;
    }
    out.view[k] = cp;
    out.at[k++] = i;
  }
  out.viewLength = k;
}

/**
 * The grams of `n` into `out` (cleared first), each as a bucket in
 * `[0, 2^bits)` and the folded span it covers. A gram made of a boundary
 * alone is skipped: it says nothing. Without `chars`, words and word pairs
 * only: English is read by words, since its character grams see "sex" in
 * "Essex" and "cunt" in "Scunthorpe".
 */
export function extractGrams(n: NormalizedText, bits: number, out: GramBuffer, chars = true): void {
  out.count = 0;
  buildView(n, out);
  const { view, at, viewLength } = out;
  // At most 4 character grams, 3 grams ending on a boundary and a word with its pair per position:
  // sized once, the loop writes straight into the arrays.
  const capacity = viewLength * 9 + 2;
  if (out.buckets.length < capacity) {
    out.buckets = new Int32Array(capacity);
    out.from = new Int32Array(capacity);
    out.to = new Int32Array(capacity);
  }
  const { buckets, from, to } = out;
  let count = 0;
  let wordStart = -1;
  let wordHash = 0;
  let previousWord = 0;
  let previousStart = 0;
  let havePrevious = false;
  for (let k = 0; k < viewLength; k++) {
    const cp = view[k]!;
    const boundary = cp === BOUNDARY;
    // Grams ending here; ending on a boundary, only those that hold a letter before it (a word's last letters).
    if (chars && (!boundary || (k > 0 && view[k - 1] !== BOUNDARY))) {
      const end = boundary ? at[k - 1]! + 1 : at[k]! + 1;
      for (let len = boundary ? 2 : 1; len <= MAX_CHAR_GRAM && len <= k + 1; len++) {
        const first = k - len + 1;
        let h = CHAR_SEED[len]!;
        for (let j = first; j <= k; j++) h = step(h, view[j]!);
        buckets[count] = finish(h, bits);
        from[count] = at[first]!;
        to[count++] = end;
      }
    }
    const inWord = isWordChar(cp);
    if (inWord) {
      if (wordStart < 0) {
        wordStart = k;
        wordHash = WORD_SEED;
      }
      wordHash = step(wordHash, cp);
    }
    if (wordStart >= 0 && (!inWord || k === viewLength - 1)) {
      const last = inWord ? k : k - 1;
      const word = finish(wordHash, 32) | 0;
      buckets[count] = finish(word, bits);
      from[count] = at[wordStart]!;
      to[count++] = at[last]! + 1;
      if (havePrevious) {
        buckets[count] = finish(step(step(PAIR_SEED, previousWord), word), bits);
        from[count] = previousStart;
        to[count++] = at[last]! + 1;
      }
      previousStart = at[wordStart]!;
      previousWord = word;
      havePrevious = true;
      wordStart = -1;
    } else if (!inWord && !boundary) {
      // Punctuation or a Han character ends a run of words: no pair across it.
      havePrevious = false;
    }
  }
  out.count = count;
}
