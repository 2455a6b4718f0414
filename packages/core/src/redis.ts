import type { Socket } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.js';
import { coalesceWrites } from './redisWrites.js';

export interface RedisConnectionOptions {
  /**
   * Fail commands at once while Redis is unreachable instead of queueing them:
   * right for request handlers, which must answer 503 rather than hang. Workers
   * keep the default (queue and wait) so they ride out a restart.
   */
  failFast?: boolean;
  /** Connection errors are reported here, at most once per 10 s; ioredis reconnects by itself. */
  logger?: Logger;
}

/**
 * A connection as BullMQ needs it: `maxRetriesPerRequest: null` so blocking
 * commands wait through reconnects instead of throwing.
 */
export function createRedis(url: string, options: RedisConnectionOptions = {}): Redis {
  const redisOptions: RedisOptions = {
    maxRetriesPerRequest: null,
    enableOfflineQueue: !options.failFast,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
  const redis = new Redis(url, redisOptions);
  // ioredis makes a new socket on every reconnect; each one gets the same treatment.
  redis.on('connect', () => coalesceWrites((redis as unknown as { stream?: Socket }).stream));
  let lastReport = 0;
  redis.on('error', (err: Error) => {
    const now = Date.now();
    if (options.logger && now - lastReport > 10_000) {
      lastReport = now;
      options.logger.warn({ err: err.message }, 'Redis connection error; reconnecting');
    }
  });
  return redis;
}

/**
 * BullMQ loses jobs when Redis evicts keys under memory pressure; only
 * `noeviction` is safe. Warns rather than refusing, because managed Redis
 * services often forbid CONFIG and the operator may have set it elsewhere.
 */
export async function checkEvictionPolicy(redis: Redis, logger: Logger): Promise<string | null> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1] ?? null;
    if (policy !== 'noeviction') {
      logger.warn(
        { policy },
        'Redis maxmemory-policy is not "noeviction": jobs can be evicted under memory pressure; set maxmemory-policy noeviction',
      );
    }
    return policy;
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'could not read Redis maxmemory-policy; make sure it is "noeviction"');
    return null;
  }
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export async function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}
