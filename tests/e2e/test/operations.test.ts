import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createApp, createContext } from '@crs/api';
import { createLogger, createRedis, definePlugin, loadConfig, type TaskPlugin } from '@crs/core';
import { createImageClassifierPlugin } from '@crs/plugin-image-classifier';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { createWorkerHost } from '@crs/worker';
import { once } from 'node:events';
import { UnrecoverableError } from 'bullmq';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withProcess } from './helpers/delayedPlugin.mjs';
import { freePort } from './helpers/redisServer.js';
import { ADMIN_TOKEN, eventually, KEYS, REDIS_URL, startStack, testEnv, type Stack } from './helpers/stack.js';

const OPERATOR_TOKEN = 'operator-token-for-tests';
const basic = (password: string) => `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`;

/** A text plugin whose model "crashes": every job fails with an internal error, once. */
function crashingPlugin(): TaskPlugin {
  return definePlugin({
    name: 'crashing',
    init: async () => undefined,
    close: async () => undefined,
    handlers: {
      'text.moderate': async () => {
        throw new UnrecoverableError('model crashed');
      },
    },
  });
}

describe('operations', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      plugins: [createTextModerationPlugin(), createImageClassifierPlugin()],
      env: { OPERATOR_TOKEN },
    });
  }, 60_000);
  afterAll(() => stack.close());

  const submitText = (text: string, key: string = KEYS.acme) =>
    stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text } }, headers: { prefer: 'wait=10' }, key });

  describe('per-key QPS limits', () => {
    it('answers 429 rate_limited with Retry-After past the limit, across API instances, and lets the key in again', async () => {
      const { key } = await stack.ctx.apiKeys.create('acme', { qps: 4 });
      // A second API instance on the same Redis shares the budget.
      const ctx2 = await createContext(stack.config, createLogger('test', 'silent'));
      const server2 = createApp(ctx2).listen(0, '127.0.0.1');
      await once(server2, 'listening');
      const base2 = `http://127.0.0.1:${(server2.address() as AddressInfo).port}`;
      try {
        // Ten requests at once: the first opens a one-second budget period that the rest fall into.
        const responses = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            fetch(`${i % 2 ? base2 : stack.baseUrl}/v1/lexicons`, { headers: { authorization: `Bearer ${key}` } }),
          ),
        );
        const statuses = responses.map((r) => r.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(4);
        const limited = responses.filter((r) => r.status === 429);
        expect(limited).toHaveLength(6);
        expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(((await limited[0]!.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
        await new Promise((r) => setTimeout(r, 1100));
        expect((await fetch(`${base2}/v1/lexicons`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      } finally {
        server2.closeAllConnections();
        await new Promise((r) => server2.close(r));
        await ctx2.close();
      }
    });

    it('leaves keys without a limit alone', async () => {
      const statuses = await Promise.all(Array.from({ length: 30 }, () => stack.call('GET', '/v1/lexicons').then((r) => r.status)));
      expect(new Set(statuses)).toEqual(new Set([200]));
    });
  });

  describe('call records', () => {
    const ids: string[] = [];
    beforeAll(async () => {
      for (const text of ['one', '加微信 abc12345 领红包', 'three']) ids.push((await submitText(text)).body.id);
      const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } }).png().toBuffer();
      ids.push((await stack.call('POST', '/v1/jobs', { body: { task: 'image.moderate', input: { image: { base64: png.toString('base64') } } }, headers: { prefer: 'wait=10' } })).body.id);
      await submitText('globex job', KEYS.globex);
    }, 30_000);

    it("lists the caller's jobs newest first, without content unless asked", async () => {
      const res = await stack.call('GET', '/v1/jobs');
      expect(res.status).toBe(200);
      expect(res.body.jobs.map((j: { id: string }) => j.id)).toEqual([...ids].reverse());
      expect(res.body.jobs.every((j: { result: unknown; input?: unknown }) => j.result === null && j.input === undefined)).toBe(true);
      const full = await stack.call('GET', '/v1/jobs?include=result,input&task=text.moderate');
      expect(full.body.jobs).toHaveLength(3);
      expect(full.body.jobs[1]).toMatchObject({ status: 'succeeded', input: { text: '加微信 abc12345 领红包' }, result: { verdict: expect.any(String) } });
      const image = await stack.call('GET', '/v1/jobs?task=image.moderate&include=input');
      expect(image.body.jobs).toHaveLength(1);
      // Media inputs are listed as the stored file, never the bytes.
      expect(image.body.jobs[0].input.image).toEqual({ fileId: expect.any(String) });
    });

    it('filters by status and time and pages with a cursor', async () => {
      expect((await stack.call('GET', '/v1/jobs?status=failed')).body.jobs).toEqual([]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { jobs: { id: string }[]; nextCursor: string | null } } = await stack.call('GET', `/v1/jobs?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.body.jobs.map((j) => j.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
      const future = await stack.call('GET', `/v1/jobs?from=${Date.now() + 60_000}`);
      expect(future.body.jobs).toEqual([]);
      const globex = await stack.call('GET', '/v1/jobs', { key: KEYS.globex });
      expect(globex.body.jobs).toHaveLength(1);
      for (const bad of ['?limit=1000', '?status=done', '?task=nope', '?cursor=xyz', '?from=yesterday', '?include=everything']) {
        const res = await stack.call('GET', `/v1/jobs${bad}`);
        expect(res.status, bad).toBe(400);
        expect(res.body.error.code, bad).toBe('invalid_request');
      }
    });
  });

  describe('availability', () => {
    it("counts the tenant's valid requests, not their bad input, and reports the figure", async () => {
      await submitText('hello');
      await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: '' } } }); // 422: the caller's
      const report = await eventually(async () => {
        const res = await stack.call('GET', '/v1/stats/availability?series=true');
        return res.body.validRequests >= 1 ? res.body : undefined;
      }, 5_000, 'counts to be flushed');
      expect(report).toMatchObject({ availability: 100, failedRequests: 0 });
      expect(report.windows).toBe(report.series.length);
      expect((await stack.call('GET', '/v1/stats/availability?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).status).toBe(400);
    });

    it('counts a job the service failed as a failure of the tenant and overall', async () => {
      const prefix = `${stack.prefix}-crash`;
      const failing = await startStack({ plugins: [crashingPlugin()], prefix });
      try {
        const res = await failing.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'x' } }, headers: { prefer: 'wait=10' } });
        expect(res.body).toMatchObject({ status: 'failed', error: { code: 'internal_error' } });
        const report = await eventually(async () => {
          const r = await failing.call('GET', '/v1/stats/availability');
          return r.body.failedRequests >= 1 ? r.body : undefined;
        }, 5_000, 'the failure to be counted');
        expect(report.validRequests).toBeGreaterThanOrEqual(1);
        expect(report.availability).toBeLessThan(100);
        const overall = await fetch(`${failing.baseUrl}/ops/availability`, { headers: { authorization: basic(ADMIN_TOKEN) } });
        expect(((await overall.json()) as { failedRequests: number }).failedRequests).toBeGreaterThanOrEqual(1);
      } finally {
        await failing.close();
      }
    });
  });

  describe('metrics and operator pages', () => {
    it('exposes request, queue and job metrics for Prometheus', async () => {
      await submitText('metrics');
      const api = await (await fetch(`${stack.baseUrl}/metrics`)).text();
      expect(api).toMatch(/crs_http_requests_total\{method="POST",route="\/v1\/jobs",status="200"\} \d+/);
      expect(api).toMatch(/crs_queue_jobs\{queue="text.moderate",state="completed"\} \d+/);
      expect(api).toMatch(/crs_queue_oldest_waiting_seconds\{queue="text.moderate"\} 0/);
      expect(api).not.toContain(KEYS.acme);

      // A stack without its own worker, so the job can only go to the worker under test.
      const bare = await startStack({ worker: false, prefix: `${stack.prefix}-metrics` });
      const port = await freePort();
      const config = loadConfig(testEnv(bare.prefix, { METRICS_PORT: String(port) }));
      const host = await createWorkerHost({ config, logger: createLogger('test', 'silent'), plugins: [createTextModerationPlugin()], webhooks: false });
      try {
        await bare.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'counted' } }, headers: { prefer: 'wait=10' } });
        const worker = await eventually(async () => {
          const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
          return /crs_jobs_total\{task="text.moderate",outcome="succeeded"\} [1-9]/.test(text) ? text : undefined;
        }, 10_000, 'the worker to count a job');
        expect(worker).toMatch(/crs_plugin_init_seconds\{plugin="text-moderation"\} [\d.]+/);
        expect(worker).toMatch(/crs_job_duration_seconds_count\{task="text.moderate",outcome="succeeded"\} [1-9]/);
      } finally {
        await host.close();
        await bare.close();
      }
    });

    it('gives operators a read-only board and the availability page; the full board stays admin-only', async () => {
      const page = await fetch(`${stack.baseUrl}/ops`, { headers: { authorization: basic(OPERATOR_TOKEN) } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Availability');
      expect((await fetch(`${stack.baseUrl}/ops`)).status).toBe(401);
      expect((await fetch(`${stack.baseUrl}/admin/queues`, { headers: { authorization: basic(OPERATOR_TOKEN) } })).status).toBe(401);
      const retryAsOperator = await fetch(`${stack.baseUrl}/ops/queues/api/queues/text.moderate/retry/failed`, {
        method: 'PUT',
        headers: { authorization: basic(OPERATOR_TOKEN) },
      });
      expect(retryAsOperator.status).toBe(405);
      const retryAsAdmin = await fetch(`${stack.baseUrl}/admin/queues/api/queues/text.moderate/retry/failed`, {
        method: 'PUT',
        headers: { authorization: basic(ADMIN_TOKEN) },
      });
      expect(retryAsAdmin.status).toBe(200);
    });

    it('echoes a request id, or makes one', async () => {
      const given = await stack.call('GET', '/v1/lexicons', { headers: { 'x-request-id': 'trace-123' } });
      expect(given.headers.get('x-request-id')).toBe('trace-123');
      const made = await stack.call('GET', '/v1/lexicons', { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

describe('per-tenant cap on running jobs', () => {
  it("runs at most TENANT_MAX_RUNNING of a tenant's jobs at once without holding up other tenants", async () => {
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    const finishedAt = new Map<string, number>();
    const text = createTextModerationPlugin();
    // Counts how many jobs of each tenant are inside the plugin at once; each takes 300 ms.
    const counting = withProcess(text, async (task, input, ctx) => {
      running.set(ctx.tenant, (running.get(ctx.tenant) ?? 0) + 1);
      peak.set(ctx.tenant, Math.max(peak.get(ctx.tenant) ?? 0, running.get(ctx.tenant)!));
      try {
        await new Promise((r) => setTimeout(r, 300));
        return await text.process(task, input, ctx);
      } finally {
        running.set(ctx.tenant, running.get(ctx.tenant)! - 1);
        finishedAt.set(`${ctx.tenant}:${(input as { text: string }).text}`, Date.now());
      }
    });
    const stack = await startStack({ plugins: [counting], env: { TENANT_MAX_RUNNING: '1', WORKER_CONCURRENCY: 'text.moderate=4' } });
    try {
      const submit = (key: string, text: string) =>
        stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text } }, headers: { prefer: 'wait=20' }, key });
      const results = await Promise.all([
        ...[1, 2, 3, 4].map((i) => submit(KEYS.acme, `acme ${i}`)),
        submit(KEYS.globex, 'globex 1'),
      ]);
      expect(results.map((r) => r.body.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
      expect(peak.get('acme')).toBe(1);
      // globex did not queue behind acme's four jobs.
      const lastAcme = Math.max(...[1, 2, 3, 4].map((i) => finishedAt.get(`acme:acme ${i}`)!));
      expect(finishedAt.get('globex:globex 1')!).toBeLessThan(lastAcme);
      const attempts = await Promise.all(results.map(async (r) => (await stack.ctx.queues.task('text.moderate').getJob(r.body.id))?.attemptsMade));
      expect(attempts.every((a) => (a ?? 0) <= 1)).toBe(true);
    } finally {
      await stack.close();
    }
  }, 30_000);
});

describe('retention', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      plugins: [createTextModerationPlugin(), createImageClassifierPlugin()],
      env: { JOB_RETENTION_SECONDS: '1', RETENTION_SWEEP_MS: '250' },
    });
  }, 60_000);
  afterAll(() => stack.close());

  it('deletes inputs, results, records and media from Redis and the blob store once the period is over', async () => {
    const png = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#888' } }).png().toBuffer();
    const image = await stack.call('POST', '/v1/jobs', { body: { task: 'image.moderate', input: { image: { base64: png.toString('base64') } } }, headers: { prefer: 'wait=10' } });
    const text = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: '保留期测试' } }, headers: { prefer: 'wait=10' } });
    expect([image.body.status, text.body.status]).toEqual(['succeeded', 'succeeded']);
    const blobDir = path.join(stack.config.blobs.dir, 't_acme');
    expect(fs.readdirSync(blobDir).length).toBeGreaterThan(0);

    const redis = createRedis(REDIS_URL);
    try {
      const keysMentioning = async (id: string) => {
        const found: string[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${stack.prefix}:*`, 'COUNT', 1000);
          cursor = next;
          for (const key of keys) {
            if (key.includes(id)) found.push(key);
            else if ((await redis.type(key)) === 'zset' && (await redis.zscore(key, id)) !== null) found.push(key);
            else if ((await redis.type(key)) === 'list' && (await redis.lrange(key, 0, -1)).includes(id)) found.push(key);
          }
        } while (cursor !== '0');
        return found;
      };
      for (const id of [image.body.id, text.body.id]) {
        await eventually(async () => ((await keysMentioning(id)).length === 0 ? true : undefined), 15_000, `every key of job ${id} to go`);
        expect((await stack.call('GET', `/v1/jobs/${id}`)).status).toBe(404);
      }
      await eventually(async () => (fs.readdirSync(blobDir).length === 0 ? true : undefined), 10_000, 'the media to go');
      expect((await stack.call('GET', '/v1/jobs')).body.jobs).toEqual([]);
    } finally {
      redis.disconnect();
    }
  }, 30_000);
});
