import type { ChildProcess } from 'node:child_process';
import { checkEvictionPolicy, createLogger, createRedis, waitForRedis } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedisServer } from './helpers/redisServer.js';

/** A private redis-server with the dangerous policy, so the shared one is never reconfigured. */
describe('checkEvictionPolicy against a real redis-server', () => {
  let child: ChildProcess;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    child = startRedisServer(port, 'allkeys-lru');
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  it('warns when the policy is not noeviction and stays quiet when it is', async () => {
    const redis = createRedis(`redis://127.0.0.1:${port}`);
    await waitForRedis(redis, 10_000);
    const warnings: string[] = [];
    const logger = createLogger('test', 'warn');
    logger.warn = ((obj: unknown, msg?: string) => warnings.push(String(msg ?? obj))) as typeof logger.warn;

    expect(await checkEvictionPolicy(redis, logger)).toBe('allkeys-lru');
    expect(warnings.join()).toMatch(/noeviction/);

    warnings.length = 0;
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
    expect(await checkEvictionPolicy(redis, logger)).toBe('noeviction');
    expect(warnings).toEqual([]);
    redis.disconnect();
  });
});
