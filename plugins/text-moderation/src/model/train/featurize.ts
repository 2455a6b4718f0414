import { normalize } from '../../engine/normalize.js';
import { Scratch } from '../../engine/scratch.js';
import type { Example } from '../datasets.js';
import { extractGrams, GramBuffer } from '../grams.js';

/** Every example's buckets, one after another: example `i` holds `buckets[offsets[i] .. offsets[i + 1])`. */
export interface Featurized {
  offsets: Int32Array;
  buckets: Int32Array;
  labels: Uint8Array;
}

export function featurize(examples: readonly Example[], bits: number, chars = true): Featurized {
  const scratch = new Scratch();
  const grams = new GramBuffer();
  const offsets = new Int32Array(examples.length + 1);
  let buckets = new Int32Array(1 << 20);
  let used = 0;
  examples.forEach((e, i) => {
    extractGrams(normalize(e.text, scratch), bits, grams, chars);
    if (used + grams.count > buckets.length) {
      const bigger = new Int32Array(Math.max(buckets.length * 2, used + grams.count));
      bigger.set(buckets.subarray(0, used));
      buckets = bigger;
    }
    buckets.set(grams.buckets.subarray(0, grams.count), used);
    used += grams.count;
    offsets[i + 1] = used;
  });
  return { offsets, buckets: buckets.slice(0, used), labels: Uint8Array.from(examples, (e) => e.label) };
}

/** mulberry32: a small seeded generator, so a training run is the same every time. */
export function seededRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher–Yates shuffle of `0 … n-1`. */
export function shuffled(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
