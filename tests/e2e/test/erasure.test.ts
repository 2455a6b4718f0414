import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Redis } from 'ioredis';
import { createRedis, waitForRedis } from '@crs/core';
import { createImageClassifierPlugin } from '@crs/plugin-image-classifier';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tracesOf } from './helpers/keyspace.js';
import { startReceiver } from './helpers/receiver.js';
import { freePort, startRedisServer } from './helpers/redisServer.js';
import { eventually, startStack, type Stack } from './helpers/stack.js';

/**
 * Deleted and expired jobs leave nothing in Redis: every key of a private
 * redis-server is read whole (names, strings, hashes, lists, sets, sorted sets,
 * streams) and searched for the jobs' ids and for marker strings that were
 * only in their inputs.
 */
describe('nothing of a deleted or expired job stays in Redis', () => {
  let server: ChildProcess;
  let redis: Redis;
  let url: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let png: string;
  const stacks: Stack[] = [];

  beforeAll(async () => {
    const port = await freePort();
    server = startRedisServer(port);
    url = `redis://127.0.0.1:${port}`;
    redis = createRedis(url);
    await waitForRedis(redis, 10_000);
    receiver = await startReceiver();
    png = (await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a6' } }).png().toBuffer()).toString('base64');
  });
  afterAll(async () => {
    for (const stack of stacks) await stack.close();
    await receiver.close();
    redis.disconnect();
    server.kill('SIGKILL');
  });

  const start = async (env: Record<string, string> = {}) => {
    const stack = await startStack({ plugins: [createTextModerationPlugin(), createImageClassifierPlugin()], env: { REDIS_URL: url, ...env } });
    stacks.push(stack);
    return stack;
  };

  /** A text job (decided in the review queue) and an image job with a webhook, both finished and the webhook delivered; returns what must disappear. */
  async function runJobs(stack: Stack): Promise<{ ids: string[]; needles: string[] }> {
    const marker = `mark${randomBytes(6).toString('hex')}`;
    const text = await stack.call('POST', '/v1/jobs', {
      body: { task: 'text.moderate', input: { text: `加微信 ${marker} 13800138000` }, idempotencyKey: `idem-${marker}` },
      headers: { prefer: 'wait=20' },
    });
    expect(text.body.status).toBe('succeeded');
    // A person's decision on it: its review item (text, evidence, note) must go with the job too.
    const review = await stack.call('POST', `/v1/jobs/${text.body.id}/review`, { body: { decision: 'block', categories: ['ad'], note: `checked ${marker}` } });
    expect(review.status).toBe(200);
    const image = await stack.call('POST', '/v1/jobs', {
      body: { task: 'image.moderate', input: { image: { base64: png } }, webhook: { url: `${receiver.url}?${marker}=1` }, idempotencyKey: `img-${marker}` },
      headers: { prefer: 'wait=30' },
    });
    expect(image.body.status).toBe('succeeded');
    await eventually(async () => (receiver.received.some((r) => r.body.includes(image.body.id) && r.body.includes('job.completed')) ? true : undefined));
    // The delivery's own bookkeeping (webhook job completed) lands just after the receiver answers.
    await eventually(async () => ((await stack.ctx.queues.webhooks().getJobState(`msg_${image.body.id}_completed`)) === 'completed' ? true : undefined));
    return { ids: [text.body.id, image.body.id], needles: [text.body.id, image.body.id, marker] };
  }

  it('after DELETE /v1/jobs/:id and DELETE of a face collection', async () => {
    const stack = await start();
    const { ids, needles } = await runJobs(stack);
    expect(await tracesOf(redis, needles)).not.toEqual([]);
    for (const id of ids) expect((await stack.call('DELETE', `/v1/jobs/${id}`)).status).toBe(204);

    const collection = `col${randomBytes(4).toString('hex')}`;
    expect((await stack.call('POST', '/v1/face/collections', { body: { id: collection } })).status).toBe(201);
    expect((await stack.call('POST', `/v1/face/collections/${collection}/subjects`, { body: { id: 'someone' } })).status).toBe(201);
    expect((await stack.call('DELETE', `/v1/face/collections/${collection}`)).status).toBe(204);

    expect(await tracesOf(redis, [...needles, collection])).toEqual([]);
  }, 90_000);

  it('after JOB_RETENTION_SECONDS', async () => {
    const stack = await start({ JOB_RETENTION_SECONDS: '2', RETENTION_SWEEP_MS: '250' });
    const { needles } = await runJobs(stack);
    expect(await tracesOf(redis, needles)).not.toEqual([]);
    const left = await eventually(async () => {
      const traces = await tracesOf(redis, needles);
      return traces.length ? undefined : traces;
    }, 15_000, 'retention to remove every trace').catch(async () => tracesOf(redis, needles));
    expect(left).toEqual([]);
  }, 90_000);
});

describe('npm run ops -- compact-aof', () => {
  let server: ChildProcess;
  let url: string;
  let dir: string;
  let stack: Stack;

  beforeAll(async () => {
    const port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-aof-'));
    server = startRedisServer(port, 'noeviction', { dir });
    url = `redis://127.0.0.1:${port}`;
    const redis = createRedis(url);
    await waitForRedis(redis, 10_000);
    redis.disconnect();
    stack = await startStack({ env: { REDIS_URL: url } });
  });
  afterAll(async () => {
    await stack?.close();
    server.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every byte Redis has in its append-only files. */
  const aof = () => {
    const files = fs.readdirSync(path.join(dir, 'appendonlydir'));
    return files.map((f) => fs.readFileSync(path.join(dir, 'appendonlydir', f)).toString('latin1')).join('');
  };

  it('leaves a deleted job in the append-only file until it runs, and nowhere after', async () => {
    const marker = `aofmark${randomBytes(6).toString('hex')}`;
    const job = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: `hello ${marker}` } }, headers: { prefer: 'wait=20' } });
    expect(job.body.status).toBe('succeeded');
    expect((await stack.call('DELETE', `/v1/jobs/${job.body.id}`)).status).toBe(204);
    expect(aof()).toContain(marker);

    const root = path.resolve(import.meta.dirname, '../../..');
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/ops.mjs', 'compact-aof'], {
      cwd: root,
      env: { ...process.env, REDIS_URL: url, REDIS_PREFIX: stack.prefix },
    });
    expect(stdout).toMatch(/append-only file rewritten/);
    expect(aof()).not.toContain(marker);
    expect(aof()).not.toContain(job.body.id);
  }, 120_000);
});
