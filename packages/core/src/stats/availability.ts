import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.js';
import { WindowCounter } from './windowCounter.js';

/** The service contract counts errors per 5-minute window. */
export const WINDOW_MS = 5 * 60_000;
/** Window counts are kept this long, enough for yearly reports. */
const KEEP_SECONDS = 400 * 86_400;
/** Longest span one query may cover (about 93 days of windows). */
export const MAX_QUERY_WINDOWS = 26_784;

export interface WindowCounts {
  /** Start of the window, epoch ms. */
  start: number;
  valid: number;
  failed: number;
}

export interface AvailabilityReport {
  /** Percentage, e.g. 99.95; 100 when nothing failed. */
  availability: number;
  from: string;
  to: string;
  windows: number;
  validRequests: number;
  failedRequests: number;
}

export const windowOf = (at: number) => Math.floor(at / WINDOW_MS);

/**
 * availability = (1 − Σ error rate of each window / number of windows) × 100,
 * where a window's error rate = failed / valid requests in it. A window without
 * valid requests has no errors (rate 0); a rate is capped at 1.
 */
export function availabilityOf(windows: readonly WindowCounts[]): number {
  if (windows.length === 0) return 100;
  let sum = 0;
  for (const w of windows) if (w.valid > 0) sum += Math.min(1, w.failed / w.valid);
  return (1 - sum / windows.length) * 100;
}

const field = (kind: 'v' | 'f', tenant: string | null) => (tenant === null ? kind : `${kind}:${tenant}`);

/**
 * Counts valid and failed requests per window, per tenant and overall, through
 * a buffered WindowCounter (no Redis round trip per request; counts made while
 * Redis is away are written when it returns).
 */
export class AvailabilityRecorder {
  private readonly counter: WindowCounter;

  constructor(redis: Redis, keys: RedisKeys, flushMs = 1_000) {
    this.counter = new WindowCounter(redis, keys.availabilityWindow, KEEP_SECONDS, flushMs);
  }

  /**
   * A valid request (one that was not the caller's fault) and whether the
   * service failed it. `failedOnly` adds a failure to a request counted before
   * (a job that failed after its submission was answered).
   */
  record(tenant: string | null, failed: boolean, options: { at?: number; failedOnly?: boolean } = {}): void {
    const window = windowOf(options.at ?? Date.now());
    const scopes = tenant === null ? [null] : [null, tenant];
    for (const scope of scopes) {
      if (!options.failedOnly) this.counter.add(window, field('v', scope));
      if (failed) this.counter.add(window, field('f', scope));
    }
  }

  flush(): Promise<void> {
    return this.counter.flush();
  }

  close(): Promise<void> {
    return this.counter.close();
  }
}

/** The windows from `from` (inclusive) to `to` (exclusive), for one tenant or (null) overall. */
export async function readWindows(redis: Redis, keys: RedisKeys, tenant: string | null, from: number, to: number): Promise<WindowCounts[]> {
  const first = windowOf(from);
  const last = windowOf(to - 1);
  if (last < first) return [];
  if (last - first + 1 > MAX_QUERY_WINDOWS) throw new RangeError(`at most ${MAX_QUERY_WINDOWS} windows per query`);
  const pipeline = redis.pipeline();
  for (let w = first; w <= last; w++) pipeline.hmget(keys.availabilityWindow(w), field('v', tenant), field('f', tenant));
  const results = (await pipeline.exec()) ?? [];
  return results.map(([err, values], i) => {
    if (err) throw err;
    const [valid, failed] = values as (string | null)[];
    return { start: (first + i) * WINDOW_MS, valid: Number(valid ?? 0), failed: Number(failed ?? 0) };
  });
}

export async function availabilityReport(redis: Redis, keys: RedisKeys, tenant: string | null, from: number, to: number): Promise<AvailabilityReport & { series: WindowCounts[] }> {
  const series = await readWindows(redis, keys, tenant, from, to);
  return {
    availability: Math.round(availabilityOf(series) * 1e4) / 1e4,
    from: new Date(windowOf(from) * WINDOW_MS).toISOString(),
    to: new Date((windowOf(to - 1) + 1) * WINDOW_MS).toISOString(),
    windows: series.length,
    validRequests: series.reduce((a, w) => a + w.valid, 0),
    failedRequests: series.reduce((a, w) => a + w.failed, 0),
    series,
  };
}

/** Whether an HTTP status counts toward availability, and as a failure: 4xx are the caller's and do not count. */
export function classifyStatus(status: number): 'valid' | 'failed' | 'ignored' {
  if (status >= 500) return 'failed';
  if (status >= 400) return 'ignored';
  return 'valid';
}
