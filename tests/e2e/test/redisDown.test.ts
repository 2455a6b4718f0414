import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@crs/core';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { createWorkerHost } from '@crs/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedisServer } from './helpers/redisServer.js';
import { eventually, startStack, type Stack } from './helpers/stack.js';

describe('Redis crashing and coming back (a private redis-server with an append-only file)', () => {
  let port: number;
  let redis: ChildProcess;
  let stack: Stack;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-aof-'));
  const startRedis = (p: number) => startRedisServer(p, 'noeviction', { dir });

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
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 at once while it is down, recovers by itself, and every job accepted before the crash completes', async () => {
    const job = { body: { task: 'text.moderate', input: { text: 'x' } } };
    const accepted: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: `加微信 job ${i}` } } });
      expect(res.status).toBe(202);
      accepted.push(res.body.id);
    }

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
    // Redis is back; no worker has started yet, so readiness says that instead.
    await eventually(async () => ((await stack.call('GET', '/readyz', { key: null })).body.checks?.redis === 'ok' ? true : undefined), 15_000, 'Redis reachable again');
    const after = await stack.call('POST', '/v1/jobs', job);
    expect(after.status).toBe(202);
    accepted.push(after.body.id);

    // A worker arrives after the crash: nothing the API answered 202 to was lost.
    const host = await createWorkerHost({ config: stack.config, logger: createLogger('test', 'silent'), plugins: [createTextModerationPlugin()], webhooks: false });
    try {
      await eventually(async () => {
        const views = await Promise.all(accepted.map(async (id) => (await stack.call('GET', `/v1/jobs/${id}`)).body.status));
        return views.every((s) => s === 'succeeded') ? true : undefined;
      }, 20_000, 'all accepted jobs to complete');
    } finally {
      await host.close();
    }
  }, 60_000);
});
