import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyFailedAuthError } from '@crs/core';

export interface FailedAuthGuard {
  /** A wrong key from `address`: counted in Redis; the error once the address is over its limit. */
  failed(address: string): Promise<TooManyFailedAuthError | null>;
  /** A valid key from `address`: the error when the address is refused and the key was not already in use from it. */
  admitted(address: string, keyId: string): TooManyFailedAuthError | null;
}

/** How many addresses' recently used keys are remembered; the oldest are forgotten first. */
const REMEMBERED_ADDRESSES = 10_000;

/**
 * Throttles guessing of API keys per client address. Wrong keys are counted in
 * Redis, so every API instance sees the same count; past `limit` in a window the
 * address gets 429 `too_many_failed_auth` with `Retry-After` for the rest of the
 * window — for every key, right or wrong, since answering a right guess
 * differently would let the guessing go on at full speed. Keys already in use
 * from that address before it was refused (remembered by this instance) keep
 * working, so one bad client behind a shared address does not lock out the
 * others. Valid keys' own QPS budgets are never touched.
 */
export function failedAuthGuard(redis: Redis, keyPrefix: string, limit: number, windowSeconds: number): FailedAuthGuard {
  if (limit <= 0) return { failed: async () => null, admitted: () => null };
  const limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: limit, duration: windowSeconds });
  const refusedUntil = new Map<string, number>();
  const inUse = new Map<string, Map<string, number>>();

  const refusal = (until: number) => {
    const seconds = Math.max(1, Math.ceil((until - Date.now()) / 1000));
    return new TooManyFailedAuthError(`too many wrong API keys from this address; retry after ${seconds} s`, { details: { retryAfterSeconds: seconds } });
  };
  const refusedAt = (address: string): number | null => {
    const until = refusedUntil.get(address);
    if (until === undefined) return null;
    if (until > Date.now()) return until;
    refusedUntil.delete(address);
    return null;
  };

  return {
    async failed(address) {
      const known = refusedAt(address);
      // Already refused here: no need to ask Redis again for each guess of a flood.
      if (known) return refusal(known);
      try {
        await limiter.consume(address);
        return null;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const until = Date.now() + rejection.msBeforeNext;
        refusedUntil.set(address, until);
        return refusal(until);
      }
    },
    admitted(address, keyId) {
      const now = Date.now();
      const keys = inUse.get(address);
      const until = refusedAt(address);
      if (until && !(keys && (keys.get(keyId) ?? 0) > now - windowSeconds * 1000)) return refusal(until);
      // Touch: re-inserting keeps the Map in least-recently-used order for the eviction below.
      inUse.delete(address);
      inUse.set(address, (keys ?? new Map<string, number>()).set(keyId, now));
      if (inUse.size > REMEMBERED_ADDRESSES) inUse.delete(inUse.keys().next().value!);
      return null;
    },
  };
}
