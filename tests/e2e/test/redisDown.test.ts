import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedisServer as startRedis } from './helpers/redisServer.js';
import { eventually, startStack, type Stack } from './helpers/stack.js';

describe('API while its Redis is down (a private redis-server)', () => {
  let port: number;
  let redis: ChildProcess;
  let stack: Stack;

  beforeAll(async () => {
    port = await freePort();
    redis = startRedis(port);
    await new Promise((r) => setTimeout(r, 300));
    stack = await startStack({ worker: false, env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    redis.kill('SIGKILL');
    redis = startRedis(port);
    await new Promise((r) => setTimeout(r, 300));
    await stack.close();
    redis.kill('SIGKILL');
  });

  it('answers 503 service_unavailable at once instead of hanging, and recovers by itself', async () => {
    const job = { body: { task: 'text.moderate', input: { text: 'x' } } };
    expect((await stack.call('POST', '/v1/jobs', job)).status).toBe(202);

    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    const started = Date.now();
    const down = await stack.call('POST', '/v1/jobs', job);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('service_unavailable');
    expect(down.headers.get('retry-after')).toBe('5');
    expect((await stack.call('GET', '/readyz', { key: null })).status).toBe(503);

    redis = startRedis(port);
    await eventually(async () => ((await stack.call('GET', '/readyz', { key: null })).status === 200 ? true : undefined), 15_000, 'ready again');
    expect((await stack.call('POST', '/v1/jobs', job)).status).toBe(202);
  });
});
