import { loadConfig } from '@crs/core';
import { describe, expect, it } from 'vitest';
import { contractFrameCount, evenInstants, plannedInstants } from '../src/sampling.js';

const rule = loadConfig({}).video;
const minutes = (m: number) => Math.round(m * 60_000);

describe("the service contract's sampling rule", () => {
  it.each([
    [0.1, 10],
    [1, 10],
    [1.01, 20],
    [2, 20],
    [5.5, 60],
    [9.01, 100],
    [10, 100],
  ])('gives 10 frames per started minute up to 10 minutes: %s min → %s', (m, frames) => {
    expect(contractFrameCount(minutes(m), rule)).toBe(frames);
  });

  it.each([
    [10.5, 104],
    [11, 104],
    [30, 180],
    [60, 300],
    [110, 500],
    [240, 500],
  ])('grows between 100 and 500 beyond 10 minutes: %s min → %s', (m, frames) => {
    expect(contractFrameCount(minutes(m), rule)).toBe(frames);
  });

  it('follows the settings an operator changes', () => {
    expect(contractFrameCount(minutes(3), { ...rule, framesPerMinute: 6 })).toBe(18);
    expect(contractFrameCount(minutes(200), { ...rule, maxFrames: 300 })).toBe(300);
  });
});

describe('frame instants', () => {
  it('spreads frames evenly, each in the middle of its share', () => {
    expect(evenInstants(10_000, 4)).toEqual([1250, 3750, 6250, 8750]);
  });

  it('takes one frame per interval in interval mode, capped like the contract', () => {
    expect(plannedInstants(65_000, { mode: 'interval', seconds: 10 }, rule)).toEqual([5000, 15000, 25000, 35000, 45000, 55000]);
    expect(plannedInstants(minutes(120), { mode: 'interval', seconds: 1 }, rule)).toHaveLength(500);
    expect(plannedInstants(minutes(2.5), { mode: 'contract' }, rule)).toHaveLength(30);
  });
});
