import { describe, expect, it } from 'vitest';
import { KEYFRAME_LEAD_MS, snapToKeyframes } from '../src/keyframes.js';

const L = KEYFRAME_LEAD_MS;

describe('snapToKeyframes', () => {
  it('moves an instant just past the nearest keyframe within the tolerance', () => {
    const keyframes = [0, 2000, 4000, 6000];
    // 3300 is nearer 4000 than 2000; 5000 would take 4000 too, which is taken, and 6000 is too far.
    expect(snapToKeyframes([1900, 3300, 5000], keyframes, 1000)).toEqual([2000 + L, 4000 + L, 5000]);
  });

  it('leaves instants alone when no keyframe is near enough, or when snapping is off', () => {
    const keyframes = [0, 10_000, 20_000];
    expect(snapToKeyframes([5000, 15_000], keyframes, 1000)).toEqual([5000, 15_000]);
    expect(snapToKeyframes([9900], keyframes, 0)).toEqual([9900]);
    expect(snapToKeyframes([9900], [], 1000)).toEqual([9900]);
  });

  it('never gives two instants the same keyframe', () => {
    const out = snapToKeyframes([1900, 2300], [0, 2000, 10_000], 1000);
    expect(out[0]).toBe(2000 + L);
    expect(out[1]).toBe(2300);
  });
});
