import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers/stack.js';

describe('idempotencyKey under concurrency', () => {
  let stack: Stack;
  let image: string;
  beforeAll(async () => {
    // No worker: the jobs stay queued, so every job made is still there to be counted.
    stack = await startStack({ worker: false });
    // Large enough that storing it takes a while, which is when a second claim used to slip in.
    const raw = Buffer.alloc(600 * 600 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919) % 251;
    image = (await sharp(raw, { raw: { width: 600, height: 600, channels: 3 } }).png().toBuffer()).toString('base64');
  });
  afterAll(() => stack.close());

  it('20 identical requests at once × 12 keys: one job per key, every answer names it, no 409', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `burst-${i}`);
    const body = (key: string) => ({ task: 'image.moderate', input: { image: { base64: image } }, idempotencyKey: key });
    const answers = await Promise.all(
      keys.flatMap((key) => Array.from({ length: 20 }, async () => ({ key, res: await stack.call('POST', '/v1/jobs', { body: body(key) }) }))),
    );
    const statuses = answers.map((a) => a.res.status);
    expect(statuses.filter((s) => s !== 202)).toEqual([]);
    for (const key of keys) {
      const ids = new Set(answers.filter((a) => a.key === key).map((a) => a.res.body.id));
      expect(ids.size, `answers for ${key}`).toBe(1);
    }
    // Jobs made, counted where they live: the tenant's call records and BullMQ's queue.
    const indexed = await stack.ctx.redis.zrange(stack.ctx.keys.tenantJobs('acme'), 0, -1);
    expect(indexed).toHaveLength(keys.length);
    const queue = stack.ctx.queues.task('image.moderate');
    expect((await queue.getJobCounts('waiting')).waiting).toBe(keys.length);
    // One stored image per job, not one per request.
    const records = await Promise.all(indexed.map((id) => stack.ctx.jobs.get(id)));
    expect(records.map((r) => r?.media?.length)).toEqual(keys.map(() => 1));

    const other = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'another request' }, idempotencyKey: keys[0] } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_key_reused');
  }, 60_000);

});

describe('an idempotencyKey claimed by a request that died before writing its job', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false, env: { IDEMPOTENCY_WAIT_MS: '300' } });
  });
  afterAll(() => stack.close());

  it('answers 503 idempotency_key_pending while the claim lives, and is free again once it lapses', async () => {
    const body = { task: 'text.moderate', input: { text: 'owner died' }, idempotencyKey: 'orphan-1' };
    const first = await stack.call('POST', '/v1/jobs', { body });
    expect(first.status).toBe(202);
    const redisKey = (await stack.ctx.redis.hget(stack.ctx.keys.job(first.body.id), 'idem'))!;
    expect(redisKey).toContain(':idem:acme:');
    const print = (await stack.ctx.redis.get(redisKey))!.split('|').at(-1);
    // What a request that claimed the key and died before writing its job leaves behind: a pending claim.
    await stack.ctx.redis.set(redisKey, `p|dead-owner-id|${print}`, 'PX', 2_000);
    const waiting = await stack.call('POST', '/v1/jobs', { body });
    expect(waiting.status).toBe(503);
    expect(waiting.body.error.code).toBe('idempotency_key_pending');
    expect(waiting.headers.get('retry-after')).toMatch(/^\d+$/);
    await new Promise((r) => setTimeout(r, 2_100));
    const retried = await stack.call('POST', '/v1/jobs', { body });
    expect(retried.status).toBe(202);
    expect(retried.body.id).not.toBe('dead-owner-id');
    expect(retried.body.id).not.toBe(first.body.id);
  }, 30_000);
});
