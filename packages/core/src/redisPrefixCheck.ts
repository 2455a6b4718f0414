import type { Redis } from 'ioredis';
import { catalog } from './catalog/index.js';
import { DEFAULT_REDIS_PREFIX } from './config.js';
import { redisKeys } from './keys.js';
import type { Logger } from './logger.js';
import { WEBHOOK_QUEUE } from './queues.js';

/** The default prefix before it carried a Cluster hash tag. */
export const LEGACY_REDIS_PREFIX = 'crs';

/**
 * An upgraded deployment that never set REDIS_PREFIX finds its API keys, secrets
 * and queues under `crs:` while the service now reads `{crs}:`: it would look
 * empty. Says so at start-up, with the fix, instead of leaving operators to
 * wonder where their keys went. Checks a few known keys (each an EXISTS, so
 * it works on a Cluster too) rather than scanning the keyspace.
 */
export async function warnIfLegacyPrefixInUse(redis: Redis, prefix: string, logger: Logger, legacy = LEGACY_REDIS_PREFIX): Promise<boolean> {
  if (prefix !== DEFAULT_REDIS_PREFIX) return false;
  const old = redisKeys(legacy);
  const queues = [...new Set([...Object.values(catalog).map((d) => d.queue), WEBHOOK_QUEUE])];
  const candidates = [old.apiKeys(), old.webhookSecrets(), ...queues.map((q) => `${legacy}:${q}:meta`)];
  try {
    const found = await Promise.all(candidates.map((key) => redis.exists(key)));
    if (!found.some((n) => n > 0)) return false;
  } catch {
    return false;
  }
  logger.warn(
    { prefix, legacyPrefix: legacy },
    `Redis holds data under the old default prefix "${legacy}:" but this process uses "${prefix}:"; set REDIS_PREFIX=${legacy} to keep using it, or migrate (README: Redis: Sentinel, Cluster, TLS)`,
  );
  return true;
}
