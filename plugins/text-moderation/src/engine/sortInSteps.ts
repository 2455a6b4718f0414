import type { Steps } from './steps.js';

/** Runs sorted by insertion before merging. */
const RUN = 32;

/**
 * Sorts `items` (the array is used as scratch) with a bottom-up merge sort
 * that pauses every `perStep` comparisons: sorting a large lexicon's few
 * hundred thousand terms at once would hold the worker for a quarter second.
 * Stable; returns the sorted array, which may be `items` or a new one.
 */
export function* sortInSteps(items: Int32Array, compare: (a: number, b: number) => number, perStep = 65536): Steps<Int32Array> {
  const n = items.length;
  let work = 0;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const item = items[i]!;
      let j = i - 1;
      for (; j >= lo && compare(items[j]!, item) > 0; j--) items[j + 1] = items[j]!;
      items[j + 1] = item;
    }
    work += RUN * 4;
    if (work >= perStep) {
      work = 0;
      yield;
    }
  }
  let from: Int32Array = items;
  let to: Int32Array = new Int32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        to[k++] = compare(from[i]!, from[j]!) <= 0 ? from[i++]! : from[j++]!;
        if (++work >= perStep) {
          work = 0;
          yield;
        }
      }
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
    }
    [from, to] = [to, from];
  }
  return from;
}
