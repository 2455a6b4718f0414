import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError, type ApiKeyIdentity } from '@crs/core';

/**
 * Per-key QPS limits, counted in Redis so every API instance enforces the same
 * budget. Keys carry their own limit, so one limiter is kept per distinct QPS
 * value. Over the limit: 429 `rate_limited` with `Retry-After`.
 */
export function rateLimit(redis: Redis, keyPrefix: string): RequestHandler {
  const limiters = new Map<number, RateLimiterRedis>();
  const limiterFor = (qps: number) => {
    let limiter = limiters.get(qps);
    if (!limiter) {
      limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:${qps}`, points: qps, duration: 1 });
      limiters.set(qps, limiter);
    }
    return limiter;
  };
  return (_req, res, next) => {
    const key = res.locals.apiKey as ApiKeyIdentity | undefined;
    if (!key || key.qps <= 0) return next();
    limiterFor(key.qps)
      .consume(key.id)
      .then((state) => {
        res.set('RateLimit-Limit', String(key.qps));
        res.set('RateLimit-Remaining', String(state.remainingPoints));
        next();
      })
      .catch((rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) return next(rejection);
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        res.set('Retry-After', String(seconds));
        res.set('RateLimit-Limit', String(key.qps));
        res.set('RateLimit-Remaining', '0');
        next(new RateLimitedError(`this API key allows ${key.qps} requests per second; retry after ${seconds} s`, { details: { qps: key.qps } }));
      });
  };
}
