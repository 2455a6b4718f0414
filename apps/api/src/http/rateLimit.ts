import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError, type ApiKeyIdentity } from '@crs/core';

/** The limit's headers for the answer, and the error when the key is over it. */
export interface RateDecision {
  headers: Record<string, string>;
  error?: RateLimitedError;
}

/**
 * Per-key QPS limits, counted in Redis so every API instance enforces the same
 * budget. Keys carry their own limit, so one limiter is kept per distinct QPS
 * value. Over the limit: 429 `rate_limited` with `Retry-After`.
 */
export function rateLimit(redis: Redis, keyPrefix: string): (key: ApiKeyIdentity) => Promise<RateDecision> {
  const limiters = new Map<number, RateLimiterRedis>();
  const limiterFor = (qps: number) => {
    let limiter = limiters.get(qps);
    if (!limiter) {
      limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:${qps}`, points: qps, duration: 1 });
      limiters.set(qps, limiter);
    }
    return limiter;
  };
  return async (key): Promise<RateDecision> => {
    if (key.qps <= 0) return { headers: {} };
    try {
      const state = await limiterFor(key.qps).consume(key.id);
      return { headers: { 'RateLimit-Limit': String(key.qps), 'RateLimit-Remaining': String(state.remainingPoints) } };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      return {
        headers: { 'Retry-After': String(seconds), 'RateLimit-Limit': String(key.qps), 'RateLimit-Remaining': '0' },
        error: new RateLimitedError(`this API key allows ${key.qps} requests per second; retry after ${seconds} s`, { details: { qps: key.qps } }),
      };
    }
  };
}
