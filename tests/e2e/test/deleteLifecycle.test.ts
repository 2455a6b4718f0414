import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysNaming } from './helpers/leftovers.js';
import { startReceiver } from './helpers/receiver.js';
import { eventually, startStack, testEnv, type Stack } from './helpers/stack.js';
import { testPattern } from './helpers/videos.js';

const VIDEO_WORKER = fileURLToPath(new URL('./fixtures/video-worker.mjs', import.meta.url));
const ENV = {
  VIDEO_MAX_DURATION_SECONDS: '60',
  WEBHOOK_PROGRESS_INTERVAL_MS: '1',
  // One video at a time, so a second one stays queued behind the first.
  WORKER_CONCURRENCY: 'video.moderate=1,image.moderate=2',
  VIDEO_DELAY_MS: '2500',
  FRAME_DELAY_MS: '2000',
  FINISH_DELAY_MS: '600',
  WORKER_LOCK_MS: '3000',
  WORKER_STALLED_INTERVAL_MS: '1000',
  LOG_LEVEL: 'warn',
};

/**
 * DELETE at each moment of a video job's life, against a real worker process:
 * afterwards no key under the deployment's prefix names the job, its media is
 * gone, and the worker is still there and serving.
 */
describe('deleting a video job at any moment of its life', () => {
  let stack: Stack;
  let worker: ChildProcess;
  let workerLog = '';
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let clip: string;

  beforeAll(async () => {
    clip = testPattern(6, '160x120', 5).toString('base64');
    receiver = await startReceiver();
    stack = await startStack({ worker: false, env: ENV });
    worker = spawn(process.execPath, [VIDEO_WORKER], { env: { ...process.env, ...testEnv(stack.prefix, ENV) }, stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stderr!.on('data', (chunk: Buffer) => (workerLog += chunk.toString()));
    await once(worker.stdout!, 'data');
  }, 120_000);
  afterAll(async () => {
    if (worker?.exitCode === null) {
      worker.kill('SIGTERM');
      await once(worker, 'exit');
    }
    await stack?.close();
    await receiver?.close();
    if (process.env.KEEP_WORKER_LOG) fs.writeFileSync(process.env.KEEP_WORKER_LOG, workerLog);
  });

  const submit = async () => {
    const res = await stack.call('POST', '/v1/jobs', {
      body: { task: 'video.moderate', input: { video: { base64: clip }, sampling: { mode: 'interval', seconds: 2 } }, webhook: { url: receiver.url } },
    });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  const view = async (id: string) => (await stack.call('GET', `/v1/jobs/${id}`)).body;
  const blobFiles = () => {
    const dir = path.join(stack.config.blobs.dir, 't_acme');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };

  /** What a delete must leave: nothing naming the job, no media, a live worker that serves the next job. */
  async function expectGone(id: string, media?: string[]) {
    expect((await view(id)).error?.code).toBe('not_found');
    const left = await eventually(async () => {
      const found = await keysNaming(stack.prefix, id);
      return found.length === 0 ? found : undefined;
    }, 20_000, `no key naming ${id}`).catch(async () => keysNaming(stack.prefix, id));
    expect(left).toEqual([]);
    // Without a list, no other job is alive: the tenant has no media at all.
    const mine = () => blobFiles().filter((f) => !media || media.some((m) => f.startsWith(m)));
    await eventually(async () => (mine().length === 0 ? true : undefined), 10_000, 'the job media to go').catch(() => undefined);
    expect(mine()).toEqual([]);
    expect(worker.exitCode).toBeNull();
    expect(workerLog).not.toMatch(/Missing key|unhandled/i);
    const next = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'next job' } }, headers: { prefer: 'wait=15' } });
    expect(next.body.status).toBe('succeeded');
    expect((await stack.call('DELETE', `/v1/jobs/${next.body.id}`)).status).toBe(204);
  }

  it('while queued and while running (mid-progress)', async () => {
    const running = await submit();
    const queued = await submit();
    await eventually(async () => {
      const v = await view(running);
      return v.status === 'running' && v.progress > 0 ? true : undefined;
    }, 15_000, 'the first video to report progress');
    expect((await view(queued)).status).toBe('queued');
    const media = (await stack.ctx.jobs.get(queued))?.media;
    expect(media).toHaveLength(1);
    expect((await stack.call('DELETE', `/v1/jobs/${queued}`)).status).toBe(204);
    await expectGone(queued, media);
    expect((await stack.call('DELETE', `/v1/jobs/${running}`)).status).toBe(204);
    await expectGone(running);
  }, 90_000);

  it('while its frames run as child jobs', async () => {
    const id = await submit();
    const frames = stack.ctx.queues.task('image.moderate');
    await eventually(async () => {
      const active = await frames.getActive();
      return active.some((j) => j.id?.startsWith(`${id}-c`)) ? true : undefined;
    }, 30_000, 'frames to run');
    expect((await stack.call('DELETE', `/v1/jobs/${id}`)).status).toBe(204);
    await expectGone(id);
  }, 90_000);

  it('sends nothing about the job once DELETE has answered, even to a slow receiver', async () => {
    const slow = await startReceiver([], { delayMs: 150 });
    try {
      const res = await stack.call('POST', '/v1/jobs', {
        body: { task: 'video.moderate', input: { video: { base64: clip }, sampling: { mode: 'interval', seconds: 2 } }, webhook: { url: slow.url } },
      });
      const id = res.body.id as string;
      const about = () => slow.received.filter((r) => r.body.includes(id));
      const frames = stack.ctx.queues.task('image.moderate');
      // Deleted while its frames run: each frame that ends would report the parent's progress.
      await eventually(async () => ((await frames.getActive()).some((j) => j.id?.startsWith(`${id}-c`)) ? true : undefined), 30_000, 'frames to run');
      expect(about().length).toBeGreaterThan(0);
      expect((await stack.call('DELETE', `/v1/jobs/${id}`)).status).toBe(204);
      const answeredAt = Date.now();
      // The frames still running end meanwhile.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(about().filter((r) => r.at >= answeredAt).map((r) => JSON.parse(r.body).type)).toEqual([]);
      await expectGone(id);
    } finally {
      await slow.close();
    }
  }, 90_000);

  it('just as it finishes', async () => {
    const id = await submit();
    await eventually(async () => ((await view(id)).progress >= 95 ? true : undefined), 40_000, 'the final run');
    expect((await stack.call('DELETE', `/v1/jobs/${id}`)).status).toBe(204);
    await expectGone(id);
  }, 90_000);
});
