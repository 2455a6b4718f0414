import type { Config, Sampling } from '@crs/core';

export type SamplingRule = Pick<Config['video'], 'framesPerMinute' | 'longFramesPerMinute' | 'maxFrames'>;

/**
 * The service contract's frame count for a video of `durationMs`: 10 frames
 * for every started minute up to 10 minutes (0 < T ≤ 1 → 10, 1 < T ≤ 2 → 20,
 * … 9 < T ≤ 10 → 100); beyond 10 minutes 4 more per started minute, up to
 * 500 (so 100 + 4 × ⌈T − 10⌉, reaching 500 at 110 minutes). The rates and the
 * cap are settings.
 */
export function contractFrameCount(durationMs: number, rule: SamplingRule): number {
  const minutes = Math.max(1, Math.ceil(durationMs / 60_000));
  const base = rule.framesPerMinute * Math.min(10, minutes);
  const extra = minutes > 10 ? rule.longFramesPerMinute * (minutes - 10) : 0;
  return Math.max(1, Math.min(rule.maxFrames, base + extra));
}

/** `count` instants spread evenly over the duration, each in the middle of its share. */
export function evenInstants(durationMs: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * durationMs) / count));
}

/** The instants to examine for the contract and interval modes; scene mode finds its own. */
export function plannedInstants(durationMs: number, sampling: Sampling, rule: SamplingRule): number[] {
  if (sampling.mode === 'interval') {
    const step = sampling.seconds * 1000;
    const count = Math.min(rule.maxFrames, Math.max(1, Math.floor(durationMs / step)));
    return Array.from({ length: count }, (_, i) => Math.floor(Math.min(durationMs - 1, i * step + step / 2)));
  }
  return evenInstants(durationMs, contractFrameCount(durationMs, rule));
}
