import { createTextModerationPlugin, moderateText } from '@crs/plugin-text-moderation';
import { createRedis, purgeJob } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delayed, withProcess } from './helpers/delayedPlugin.mjs';
import { keysNaming } from './helpers/leftovers.js';
import { startReceiver } from './helpers/receiver.js';
import { eventually, KEYS, REDIS_URL, startStack, type Stack } from './helpers/stack.js';

async function keysUnder(prefix: string, fragment: string): Promise<string[]> {
  const redis = createRedis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*${fragment}*`);
  redis.disconnect();
  return keys;
}

describe('idempotency', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('same key and tenant → same job; other tenant → its own job; other body → 409', async () => {
    const body = { task: 'text.moderate', input: { text: 'same request' }, idempotencyKey: 'order-42' };
    const first = await stack.call('POST', '/v1/jobs', { body });
    const second = await stack.call('POST', '/v1/jobs', { body });
    expect(first.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    const other = await stack.call('POST', '/v1/jobs', { body, key: KEYS.globex });
    expect(other.body.id).not.toBe(first.body.id);
    const conflict = await stack.call('POST', '/v1/jobs', { body: { ...body, input: { text: 'different' } } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('idempotency_key_reused');
  });

  it('concurrent requests with one key make one job', async () => {
    const body = { task: 'text.moderate', input: { text: 'race' }, idempotencyKey: 'race-1' };
    const results = await Promise.all(Array.from({ length: 8 }, () => stack.call('POST', '/v1/jobs', { body })));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });
});

describe('a submission that fails half-way', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(() => stack.close());

  it('leaves no job, record or idempotency key behind, whichever half failed', async () => {
    const queue = stack.ctx.queues.task('text.moderate');
    const { jobs } = stack.ctx;
    const create = jobs.create.bind(jobs);
    const add = queue.add.bind(queue);
    const body = (key: string) => ({ task: 'text.moderate', input: { text: 'half way' }, idempotencyKey: key });

    // The record write fails while the job goes in: the job is taken out again.
    jobs.create = () => Promise.reject(new Error('record write failed'));
    const noRecord = await stack.call('POST', '/v1/jobs', { body: body('half-1') });
    jobs.create = create;
    // The job fails to go in while the record is written: the record goes.
    queue.add = () => Promise.reject(new Error('queue add failed'));
    const noJob = await stack.call('POST', '/v1/jobs', { body: body('half-2') });
    queue.add = add;

    expect([noRecord.status, noJob.status]).toEqual([500, 500]);
    expect(await queue.getJobCounts('waiting', 'prioritized', 'active')).toMatchObject({ waiting: 0, prioritized: 0, active: 0 });
    expect(await keysUnder(stack.prefix, ':job:')).toEqual([]);
    expect(await keysUnder(stack.prefix, ':idem:')).toEqual([]);
    // Both keys are free again: a retry makes its job.
    for (const key of ['half-1', 'half-2']) expect((await stack.call('POST', '/v1/jobs', { body: body(key) })).status).toBe(202);
    expect(await queue.getJobCounts('waiting')).toMatchObject({ waiting: 2 });
  });
});

describe('cancel', () => {
  let queuedOnly: Stack;
  let slow: Stack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    queuedOnly = await startStack({ worker: false });
    slow = await startStack({ plugins: [delayed(createTextModerationPlugin(), 5_000)] });
  });
  afterAll(async () => {
    await queuedOnly.close();
    await slow.close();
    await receiver.close();
  });

  it('removes a queued job at once, reports it canceled, and sends job.failed', async () => {
    const { body: job } = await queuedOnly.call('POST', '/v1/jobs', {
      body: { task: 'text.moderate', input: { text: 'x' }, webhook: { url: receiver.url } },
    });
    const canceled = await queuedOnly.call('POST', `/v1/jobs/${job.id}/cancel`);
    expect(canceled.status).toBe(202);
    expect(canceled.body.status).toBe('canceled');
    expect((await queuedOnly.call('GET', `/v1/jobs/${job.id}`)).body).toMatchObject({ status: 'canceled', error: { code: 'canceled' } });
    expect(await queuedOnly.ctx.queues.task('text.moderate').getJob(job.id)).toBeUndefined();
    const again = await queuedOnly.call('POST', `/v1/jobs/${job.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('job_not_cancelable');
  });

  it('aborts a running job through its AbortSignal', async () => {
    const { body: job } = await slow.call('POST', '/v1/jobs', {
      body: { task: 'text.moderate', input: { text: 'x' }, webhook: { url: receiver.url } },
    });
    await eventually(async () => ((await slow.call('GET', `/v1/jobs/${job.id}`)).body.status === 'running' ? true : undefined));
    const started = Date.now();
    expect((await slow.call('POST', `/v1/jobs/${job.id}/cancel`)).status).toBe(202);
    const final = await eventually(async () => {
      const view = (await slow.call('GET', `/v1/jobs/${job.id}`)).body;
      return view.status === 'canceled' ? view : undefined;
    });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(final.error.code).toBe('canceled');
    const events = () => receiver.received.filter((r) => r.body.includes(job.id)).map((r) => JSON.parse(r.body));
    const failed = await eventually(async () => events().find((e) => e.type === 'job.failed'));
    expect(failed.data).toMatchObject({ status: 'canceled', error: { code: 'canceled' } });
    expect(events().some((e) => e.type === 'job.progress' && e.data.progress === 10)).toBe(true);
  });

  it('cancels a job whose cancel missed both the queue and the running worker, even when its plugin finishes at once', async () => {
    const { body: job } = await queuedOnly.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: '加 微*信' } } });
    // What the cancel endpoint records, with its queue removal and abort message lost to a worker taking the job in between.
    await queuedOnly.ctx.redis.hset(queuedOnly.ctx.keys.job(job.id), 'canceledAt', Date.now());
    // A plugin that answers without a single await of its own, so it is done before Redis answers the cancel check.
    let ran = 0;
    const instant = withProcess(createTextModerationPlugin(), async (_task: string, input: { text: string }) => {
      ran++;
      return moderateText(input.text, []);
    });
    const worker = await startStack({ prefix: queuedOnly.prefix, plugins: [instant] });
    try {
      const final = await eventually(async () => {
        const view = (await queuedOnly.call('GET', `/v1/jobs/${job.id}`)).body;
        return view.status === 'canceled' ? view : undefined;
      });
      expect(final.error.code).toBe('canceled');
      expect(final.result).toBeNull();
      expect(ran).toBe(1);
    } finally {
      await worker.close();
    }
  });
});

describe('delete', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ plugins: [delayed(createTextModerationPlugin(), 1_500)] });
  });
  afterAll(() => stack.close());

  it('purges a finished job from Redis, not just from view', async () => {
    const { body: job } = await stack.call('POST', '/v1/jobs', {
      body: { task: 'text.moderate', input: { text: 'secret user text' } },
      headers: { prefer: 'wait=10' },
    });
    expect(job.status).toBe('succeeded');
    expect((await keysUnder(stack.prefix, job.id)).length).toBeGreaterThan(0);
    expect((await stack.call('DELETE', `/v1/jobs/${job.id}`)).status).toBe(204);
    expect((await stack.call('GET', `/v1/jobs/${job.id}`)).status).toBe(404);
    expect(await keysUnder(stack.prefix, job.id)).toEqual([]);
  });

  it('purges the delivered webhook messages of a finished job too (webhooks:completed names it no more)', async () => {
    const receiver = await startReceiver();
    try {
      const { body: job } = await stack.call('POST', '/v1/jobs', {
        body: { task: 'text.moderate', input: { text: 'x' }, webhook: { url: receiver.url } },
        headers: { prefer: 'wait=10' },
      });
      await eventually(async () => (receiver.received.some((r) => r.body.includes('job.completed')) ? true : undefined), 10_000, 'job.completed');
      const webhooks = stack.ctx.queues.webhooks();
      await eventually(async () => ((await webhooks.getJobState(`msg_${job.id}_completed`)) === 'completed' ? true : undefined), 5_000, 'the delivery to finish');
      expect((await stack.call('DELETE', `/v1/jobs/${job.id}`)).status).toBe(204);
      expect(await keysNaming(stack.prefix, job.id)).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it('a terminal webhook message a purge found still being sent goes once it is done', async () => {
    const receiver = await startReceiver([], { delayMs: 800 });
    try {
      const { body: job } = await stack.call('POST', '/v1/jobs', {
        body: { task: 'text.moderate', input: { text: 'x' }, webhook: { url: receiver.url, events: ['job.completed'] } },
        headers: { prefer: 'wait=10' },
      });
      const webhooks = stack.ctx.queues.webhooks();
      await eventually(async () => (receiver.received.some((r) => r.body.includes(job.id)) ? true : undefined), 10_000, 'the delivery to start');
      // What DELETE does, without its wait for the send: the message is locked and the purge leaves it.
      const { jobs, blobs } = stack.ctx;
      await jobs.markDeleted(job.id, Date.now());
      expect(await purgeJob({ queue: stack.ctx.queues.task('text.moderate'), webhooks, jobs, blobs }, job.id)).toBe(true);
      expect(await webhooks.getJobState(`msg_${job.id}_completed`)).toBe('active');
      await eventually(async () => ((await keysNaming(stack.prefix, job.id)).length === 0 ? true : undefined), 5_000, 'the message to go').catch(() => undefined);
      expect(await keysNaming(stack.prefix, job.id)).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it('deletes a running job: gone for the caller at once, purged by its worker when it stops', async () => {
    const { body: job } = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'x' } } });
    await eventually(async () => ((await stack.call('GET', `/v1/jobs/${job.id}`)).body.status === 'running' ? true : undefined));
    expect((await stack.call('DELETE', `/v1/jobs/${job.id}`)).status).toBe(204);
    expect((await stack.call('GET', `/v1/jobs/${job.id}`)).status).toBe(404);
    await eventually(async () => ((await keysUnder(stack.prefix, job.id)).length === 0 ? true : undefined), 10_000, 'purge');
  });
});
