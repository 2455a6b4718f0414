import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, createRedis, DEFAULT_REDIS_PREFIX, redisKeys, warnIfLegacyPrefixInUse } from '../src/index.js';

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
// A made-up "old prefix", so keys other runs left under the real one do not matter.
const legacy = `test-legacy-${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  await redis.del(redisKeys(legacy).apiKeys());
  await redis.quit();
});

describe('warnIfLegacyPrefixInUse', () => {
  it('warns when data sits under the old default prefix and the new default is in use, and only then', async () => {
    const logger = createLogger('test', 'silent');
    expect(await warnIfLegacyPrefixInUse(redis, DEFAULT_REDIS_PREFIX, logger, legacy)).toBe(false);
    await redis.hset(redisKeys(legacy).apiKeys(), 'hash', '{}');
    expect(await warnIfLegacyPrefixInUse(redis, DEFAULT_REDIS_PREFIX, logger, legacy)).toBe(true);
    // An explicit prefix is the operator's choice: no warning.
    expect(await warnIfLegacyPrefixInUse(redis, 'other', logger, legacy)).toBe(false);
  });
});
