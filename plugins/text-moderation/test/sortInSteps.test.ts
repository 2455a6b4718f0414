import { describe, expect, it } from 'vitest';
import { sortInSteps } from '../src/engine/sortInSteps.js';

function run(items: Int32Array, compare: (a: number, b: number) => number, perStep?: number) {
  const steps = sortInSteps(items, compare, perStep);
  let pauses = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { sorted: Array.from(step.value), pauses };
    pauses++;
  }
}

describe('sortInSteps', () => {
  it('sorts what Array.prototype.sort sorts, stably, at every size around its run length', () => {
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) % 50;
    for (const n of [0, 1, 2, 31, 32, 33, 64, 65, 1000, 4097]) {
      const keys = Array.from({ length: n }, random);
      const ids = Int32Array.from(keys.keys());
      const byKey = (a: number, b: number) => keys[a]! - keys[b]!;
      expect(run(ids, byKey).sorted).toEqual([...keys.keys()].sort((a, b) => byKey(a, b) || a - b));
    }
  });

  it('pauses every so many comparisons', () => {
    const ids = Int32Array.from({ length: 10_000 }, (_, i) => 10_000 - i);
    const { sorted, pauses } = run(ids, (a, b) => a - b, 1000);
    expect(sorted).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(pauses).toBeGreaterThanOrEqual(50);
  });
});
