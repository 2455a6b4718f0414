import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger, verifyWebhook } from '@crs/core';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { delayed } from './helpers/delayedPlugin.mjs';
import { startReceiver } from './helpers/receiver.js';
import { freePort } from './helpers/redisServer.js';
import { createWorkerHost } from '@crs/worker';
import { eventually, KEYS, startStack, testEnv, type Stack } from './helpers/stack.js';

const SLOW_WORKER = fileURLToPath(new URL('./fixtures/slow-worker.mjs', import.meta.url));
const API_MAIN = fileURLToPath(new URL('../../../apps/api/dist/main.js', import.meta.url));
/** Short stall settings for the test; the defaults (10 s lock, 5 s check) make the same thing take seconds longer. */
const FAST_STALLS = { WORKER_LOCK_MS: '1500', WORKER_STALLED_INTERVAL_MS: '500' };

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

async function startWorker(prefix: string, delayMs: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SLOW_WORKER], {
    env: { ...process.env, ...testEnv(prefix, { ...FAST_STALLS, ...env }), DELAY_MS: String(delayMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await once(child.stdout!, 'data');
  return child;
}

describe('a worker killed mid-job (SIGKILL)', () => {
  let stack: Stack;
  afterAll(() => stack?.close());

  it('hands the job to another worker after the stalled-job check; it completes once', async () => {
    stack = await startStack({ worker: false, env: FAST_STALLS });
    const doomed = await startWorker(stack.prefix, 30_000);
    const { body: job } = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: '加微信 abc123' } } });
    await eventually(async () => ((await stack.call('GET', `/v1/jobs/${job.id}`)).body.status === 'running' ? true : undefined), 10_000, 'the job to start');

    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    const killedAt = Date.now();
    await startWorker(stack.prefix, 50);
    const done = await eventually(async () => {
      const view = (await stack.call('GET', `/v1/jobs/${job.id}`)).body;
      return view.status === 'succeeded' ? view : undefined;
    }, 20_000, 'the job to complete on the second worker');
    expect(done.result.hits[0].word).toBe('加微信');
    // Seconds, not minutes: lock expiry plus one stalled-job check.
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    const bull = await stack.ctx.queues.task('text.moderate').getJob(job.id);
    // One stall, one (successful) attempt: the kill did not use up a retry.
    expect(bull?.attemptsMade).toBe(1);
    expect(bull?.stalledCounter).toBe(1);
  }, 40_000);
});

describe('a worker killed between completing a job and queuing its terminal event (SIGKILL)', () => {
  it('sends the job.completed event once after a worker starts again', async () => {
    const receiver = await startReceiver();
    const stack = await startStack({ worker: false, env: FAST_STALLS });
    try {
      const doomed = await startWorker(stack.prefix, 50, { KILL_ON_COMPLETE: '1' });
      const exited = once(doomed, 'exit');
      const { body: job } = await stack.call('POST', '/v1/jobs', {
        body: { task: 'text.moderate', input: { text: '加微信 abc123' }, webhook: { url: receiver.url, events: ['job.completed'] } },
      });
      const [, signal] = await exited;
      expect(signal).toBe('SIGKILL');
      expect((await stack.call('GET', `/v1/jobs/${job.id}`)).body.status).toBe('succeeded');
      expect(await stack.ctx.queues.webhooks().getJob(`msg_${job.id}_completed`)).toBeUndefined();

      // Two workers come up at once: both look for unsettled jobs, and the event still goes once.
      await Promise.all([startWorker(stack.prefix, 50, { RECONCILE_INTERVAL_MS: '500' }), startWorker(stack.prefix, 50, { RECONCILE_INTERVAL_MS: '500' })]);
      const completed = () => receiver.received.filter((r) => r.body.includes(job.id) && JSON.parse(r.body).type === 'job.completed');
      await eventually(async () => (completed().length > 0 ? true : undefined), 15_000, 'the job.completed event');
      await new Promise((r) => setTimeout(r, 2_000));
      expect(completed()).toHaveLength(1);
      expect(JSON.parse(completed()[0]!.body).data).toMatchObject({ id: job.id, status: 'succeeded' });
      // Settled: the retention clock runs on its record.
      expect(await stack.ctx.redis.ttl(stack.ctx.keys.job(job.id))).toBeGreaterThan(0);
    } finally {
      await stack.close();
      await receiver.close();
    }
  }, 60_000);
});

describe('a webhook delivery whose worker is killed twice while it sends (SIGKILL)', () => {
  it('is sent again by the next worker instead of failing for good after one stall', async () => {
    // The first two attempts reach a receiver that never answers; their workers die meanwhile.
    let seen = 0;
    const hanging: http.ServerResponse[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => (++seen <= 2 ? hanging.push(res) : res.end()));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const stack = await startStack({ worker: false, env: FAST_STALLS });
    try {
      const env = { WEBHOOK_TIMEOUT_MS: '60000' };
      let worker = await startWorker(stack.prefix, 10, env);
      const { body: job } = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'x' }, webhook: { url, events: ['job.completed'] } } });
      for (const attempt of [1, 2]) {
        await eventually(async () => (seen >= attempt ? true : undefined), 20_000, `delivery attempt ${attempt}`);
        worker.kill('SIGKILL');
        await once(worker, 'exit');
        worker = await startWorker(stack.prefix, 10, env);
      }
      await eventually(async () => (seen >= 3 ? true : undefined), 20_000, 'the third attempt');
      const delivery = await eventually(async () => {
        const state = await stack.ctx.queues.webhooks().getJobState(`msg_${job.id}_completed`);
        return state === 'completed' || state === 'failed' ? state : undefined;
      }, 10_000, 'the delivery to end');
      expect(delivery).toBe('completed');
    } finally {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await stack.close();
    }
  }, 90_000);
});

describe('a long job under the same short stall settings', () => {
  it('is not taken for stalled while its worker lives: the lock is renewed as it runs', async () => {
    const stack = await startStack({ worker: false, env: FAST_STALLS });
    try {
      // Runs three times as long as the lock lasts.
      await startWorker(stack.prefix, 4_500);
      const res = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'long' } }, headers: { prefer: 'wait=20' } });
      expect(res.body.status).toBe('succeeded');
      const bull = await stack.ctx.queues.task('text.moderate').getJob(res.body.id);
      expect(bull?.stalledCounter).toBe(0);
    } finally {
      await stack.close();
    }
  }, 30_000);
});

describe('a webhook receiver that is down for a while', () => {
  it('gets every event once it is back, in order per job, each validly signed', async () => {
    // The first job's two progress reports are refused and retried 0.6 s later, by which time its
    // completion is ready: without per-job ordering the receiver would get the completion first.
    const REFUSED = 2;
    const receiver = await startReceiver(Array(REFUSED).fill(503));
    const stack = await startStack({
      plugins: [delayed(createTextModerationPlugin(), 300)],
      env: { WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_RETRY_SPAN_MS: '3000', WEBHOOK_PROGRESS_INTERVAL_MS: '1' },
    });
    try {
      const secret = (await stack.call('GET', '/v1/webhook-secret')).body.secret;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: `job ${i}` }, webhook: { url: receiver.url } } });
        ids.push(res.body.id);
      }
      const accepted = () => receiver.received.slice(REFUSED).map((r) => ({ ...r, event: verifyWebhook(secret, r.body, r.headers) as { type: string; data: { id: string; progress: number } } }));
      await eventually(async () => {
        const done = new Set(accepted().filter((r) => r.event.type === 'job.completed').map((r) => r.event.data.id));
        return ids.every((id) => done.has(id)) ? true : undefined;
      }, 30_000, 'every job.completed to arrive');
      for (const id of ids) {
        const events = accepted().filter((r) => r.event.data.id === id);
        const types = events.map((r) => r.event.type);
        // Every event the job raised arrived once: two progress reports (10 %, 90 %), then the completion.
        expect(types).toEqual(['job.progress', 'job.progress', 'job.completed']);
        expect(events.map((r) => r.event.data.progress)).toEqual([10, 90, 100]);
        expect(new Set(events.map((r) => r.headers['webhook-id'])).size).toBe(3);
      }
    } finally {
      await stack.close();
      await receiver.close();
    }
  }, 60_000);
});

describe('the API restarted while a client waits (Prefer: wait)', () => {
  async function startApi(prefix: string, port: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, [API_MAIN], { env: { ...process.env, ...testEnv(prefix, { PORT: String(port), HOST: '127.0.0.1' }) }, stdio: 'ignore' });
    children.push(child);
    await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok ? true : undefined), 15_000, 'the API to listen');
    return child;
  }

  it('gives the client an error, not a lost job: a retry with the same idempotency key finds the job, which completes', async () => {
    const stack = await startStack({ worker: false });
    const host = await createWorkerHost({ config: stack.config, logger: createLogger('test', 'silent'), plugins: [delayed(createTextModerationPlugin(), 1_500)], webhooks: false });
    const port = await freePort();
    try {
      const api = await startApi(stack.prefix, port);
      const request = () =>
        fetch(`http://127.0.0.1:${port}/v1/jobs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEYS.acme}`, 'content-type': 'application/json', prefer: 'wait=10' },
          body: JSON.stringify({ task: 'text.moderate', input: { text: '加微信 restart' }, idempotencyKey: 'order-42' }),
        });
      const waiting = request();
      await new Promise((r) => setTimeout(r, 500));
      api.kill('SIGKILL');
      await expect(waiting).rejects.toThrow();

      await startApi(stack.prefix, port);
      const retried = await request();
      expect([200, 202]).toContain(retried.status);
      const view = (await retried.json()) as { id: string; status: string };
      const done = await eventually(async () => {
        const v = (await stack.call('GET', `/v1/jobs/${view.id}`)).body;
        return v.status === 'succeeded' ? v : undefined;
      }, 15_000, 'the job to complete');
      expect(done.result.hits[0].word).toBe('加微信');
      // One job, not two: the retry found the first request's job.
      expect((await stack.call('GET', '/v1/jobs')).body.jobs).toHaveLength(1);
    } finally {
      await host.close();
      await stack.close();
    }
  }, 60_000);
});

describe('flood (short form; `npm run reliability` runs the long one)', () => {
  it('loses and duplicates nothing and answers no 5xx under a steady load of real processes', () => {
    const FLOOD = fileURLToPath(new URL('../reliability/flood.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [FLOOD, '--minutes', '0.25', '--rate', '2400', '--workers', '2'], { encoding: 'utf8', timeout: 120_000 });
    const report = run.stdout;
    expect(report).toMatch(/accepted\s+600\b/);
    expect(report).toMatch(/completed\s+600\b/);
    expect(report).toMatch(/lost\s+0\b/);
    expect(report).toMatch(/duplicated\s+0\b/);
    expect(report).toMatch(/5xx answers\s+0\b/);
    expect(run.status).toBe(0);
  }, 150_000);
});
