import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.js';
import { MAX_QUERY_WINDOWS, WINDOW_MS, windowOf } from './availability.js';
import { WindowCounter } from './windowCounter.js';

/**
 * Upper bounds (ms) of the latency buckets; one more bucket holds everything
 * slower. Fixed, so windows add up and a window costs a few dozen bytes
 * however many jobs it saw.
 */
export const LATENCY_BUCKETS_MS = [25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000] as const;
/** The console shows the last day; a week leaves room for a look back after a weekend. */
const KEEP_SECONDS = 8 * 86_400;

/** One finished job, as the operator figures count it: no tenant, no content. */
export interface FinishedJobSample {
  /** When it finished, epoch ms. */
  at: number;
  /** From submission to the end (waiting in the queue included), ms. */
  latencyMs: number;
  /** The error code of a failed job; absent when it succeeded. */
  failure?: string;
}

export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface JobWindow {
  /** Start of the window, epoch ms. */
  start: number;
  finished: number;
  failed: number;
  failuresByCode: Record<string, number>;
  /** Estimated from the histogram; null when no job finished in the window. */
  latencyMs: LatencyPercentiles | null;
}

export function latencyBucketOf(ms: number): number {
  const i = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? LATENCY_BUCKETS_MS.length : i;
}

/**
 * The q-quantile (0–1) of a histogram over LATENCY_BUCKETS_MS, interpolated
 * linearly inside its bucket; in the open last bucket it is that bucket's
 * lower bound (a floor: the histogram does not know how much slower).
 */
export function quantileOf(buckets: readonly number[], q: number): number {
  const total = buckets.reduce((a, n) => a + n, 0);
  if (total === 0) return 0;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i] ?? 0;
    if (n > 0 && seen + n >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!;
      const upper = LATENCY_BUCKETS_MS[i];
      if (upper === undefined) return lower;
      return Math.round(lower + ((upper - lower) * (rank - seen)) / n);
    }
    seen += n;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]!;
}

/** Field names of a window's hash: `n` finished, `f` failed, `l<i>` latency bucket i, `e:<code>` failures by code. */
const FINISHED = 'n';
const FAILED = 'f';
const bucketField = (i: number) => `l${i}`;
const CODE_PREFIX = 'e:';

/**
 * Per 5-minute window, over the whole service: jobs finished, failed (by
 * error code) and a latency histogram. Kept like the availability counts
 * (a hash per window, buffered writes), for the operators' dashboard.
 */
export class JobStatsRecorder {
  private readonly counter: WindowCounter;

  constructor(redis: Redis, keys: RedisKeys, flushMs = 1_000) {
    this.counter = new WindowCounter(redis, keys.jobStatsWindow, KEEP_SECONDS, flushMs);
  }

  record(sample: FinishedJobSample): void {
    const window = windowOf(sample.at);
    this.counter.add(window, FINISHED);
    this.counter.add(window, bucketField(latencyBucketOf(Math.max(0, sample.latencyMs))));
    if (sample.failure !== undefined) {
      this.counter.add(window, FAILED);
      this.counter.add(window, CODE_PREFIX + sample.failure);
    }
  }

  flush(): Promise<void> {
    return this.counter.flush();
  }

  close(): Promise<void> {
    return this.counter.close();
  }
}

function parseWindow(start: number, hash: Record<string, string>): JobWindow {
  const buckets = Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, i) => Number(hash[bucketField(i)] ?? 0));
  const failuresByCode: Record<string, number> = {};
  for (const [f, n] of Object.entries(hash)) if (f.startsWith(CODE_PREFIX)) failuresByCode[f.slice(CODE_PREFIX.length)] = Number(n);
  const finished = Number(hash[FINISHED] ?? 0);
  return {
    start,
    finished,
    failed: Number(hash[FAILED] ?? 0),
    failuresByCode,
    latencyMs: finished ? { p50: quantileOf(buckets, 0.5), p95: quantileOf(buckets, 0.95), p99: quantileOf(buckets, 0.99) } : null,
  };
}

/** The job windows from `from` (inclusive) to `to` (exclusive), empty windows included. */
export async function readJobWindows(redis: Redis, keys: RedisKeys, from: number, to: number): Promise<JobWindow[]> {
  const first = windowOf(from);
  const last = windowOf(to - 1);
  if (last < first) return [];
  if (last - first + 1 > MAX_QUERY_WINDOWS) throw new RangeError(`at most ${MAX_QUERY_WINDOWS} windows per query`);
  const pipeline = redis.pipeline();
  for (let w = first; w <= last; w++) pipeline.hgetall(keys.jobStatsWindow(w));
  const results = (await pipeline.exec()) ?? [];
  return results.map(([err, hash], i) => {
    if (err) throw err;
    return parseWindow((first + i) * WINDOW_MS, hash as Record<string, string>);
  });
}
