import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { createLogger, type TaskPlugin } from '@crs/core';
import { createImageClassifierPlugin } from '@crs/plugin-image-classifier';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { createVideoPlugin } from '@crs/plugin-video';
import { createWorkerHost, type WorkerHost } from '@crs/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withProcess } from './helpers/delayedPlugin.mjs';
import { startReceiver } from './helpers/receiver.js';
import { eventually, KEYS, startStack, type Stack } from './helpers/stack.js';
import { makeVideo, testPattern } from './helpers/videos.js';

/** An absolute path on the server, as a tool's message would carry it. */
const ABSOLUTE_PATH = /(^|[\s('"=:])\/(?!v1\/)[^\s/"]+\//;

/** Counts the jobs each worker's image plugin ran, to see the frames spread. */
function counted(plugin: TaskPlugin, counter: { n: number }): TaskPlugin {
  return withProcess(plugin, (task, input, ctx) => {
    counter.n++;
    return plugin.process(task, input, ctx);
  });
}

describe('video.moderate end to end', () => {
  let stack: Stack;
  let second: WorkerHost;
  let server: http.Server;
  let base = '';
  const first = { n: 0 };
  const other = { n: 0 };
  let clip: Buffer;

  beforeAll(async () => {
    clip = testPattern(65);
    server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const env = { VIDEO_MAX_DURATION_SECONDS: '100', WORKER_CONCURRENCY: 'image.moderate=2', WEBHOOK_PROGRESS_INTERVAL_MS: '1' };
    stack = await startStack({
      plugins: [createTextModerationPlugin(), counted(createImageClassifierPlugin(), first), createVideoPlugin()],
      env: { ...env, URL_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
    // A second worker process's worth of plugins on the same Redis: it takes frames too.
    second = await createWorkerHost({ config: stack.config, logger: createLogger('test', 'silent'), plugins: [counted(createImageClassifierPlugin(), other)], webhooks: false });
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await stack?.close();
    await new Promise((r) => server.close(r));
  });

  const submit = (input: unknown, wait = 60) => stack.call('POST', '/v1/jobs', { body: { task: 'video.moderate', input }, headers: { prefer: `wait=${wait}` } });

  it('samples an uploaded video by the contract, spreads the frames over both workers and returns the timeline', async () => {
    const form = new FormData();
    form.append('file', new Blob([clip], { type: 'application/octet-stream' }), 'clip.bin');
    const up = await stack.call('POST', '/v1/files', { body: form });
    expect(up.body.contentType).toBe('video/mp4');
    const res = await submit({ video: { fileId: up.body.id }, allFrames: true });
    expect(res.body.status).toBe('succeeded');
    const result = res.body.result;
    // 65 s is in the second started minute: 20 frames.
    expect(result.sampledFrames).toBe(20);
    expect(result.durationMs).toBeGreaterThan(64_000);
    expect(result.video).toMatchObject({ width: 320, height: 240, codec: 'h264' });
    expect(result.frames).toHaveLength(20);
    const offsets = result.frames.map((f: { offsetMs: number }) => f.offsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    // Evenly spread: one frame in every 1/20 of the duration.
    offsets.forEach((o: number, i: number) => expect(Math.floor((o * 20) / result.durationMs)).toBe(i));
    expect(result.frames[0].labels[0]).toMatchObject({ category: 'porn' });
    expect(first.n).toBeGreaterThan(0);
    expect(other.n).toBeGreaterThan(0);
    expect(res.body.progress).toBe(100);

    const frame = await fetch(`${stack.baseUrl}${result.frames[3].imageUrl}`, { headers: { authorization: `Bearer ${KEYS.acme}` } });
    expect(frame.headers.get('content-type')).toBe('image/jpeg');
    expect((await stack.call('GET', result.frames[3].imageUrl, { key: KEYS.globex })).status).toBe(404);

    // Deleting the job deletes its frames.
    const record = await stack.ctx.jobs.get(res.body.id);
    expect(record?.media).toHaveLength(20);
    expect((await stack.call('DELETE', `/v1/jobs/${res.body.id}`)).status).toBe(204);
    for (const id of record!.media!) expect(fs.existsSync(path.join(stack.config.blobs.dir, 't_acme', id))).toBe(false);
  }, 90_000);

  it('fetches a video by URL, samples by interval, lists only frames that are not pass, and reports progress by webhook', async () => {
    const receiver = await startReceiver();
    const res = await stack.call('POST', '/v1/jobs', {
      body: { task: 'video.moderate', input: { video: { url: `${base}/clip.mp4` }, sampling: { mode: 'interval', seconds: 10 } }, webhook: { url: receiver.url } },
      headers: { prefer: 'wait=60' },
    });
    expect(res.body.status).toBe('succeeded');
    const events = await eventually(async () => {
      const parsed = receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { progress: number } });
      return parsed.some((e) => e.type === 'job.completed') ? parsed : undefined;
    }, 10_000, 'the completed event');
    // Frames done / all, between sampling (10 %) and aggregation.
    const progress = events.filter((e) => e.type === 'job.progress').map((e) => e.data.progress);
    expect(progress.some((p) => p > 10 && p < 100)).toBe(true);
    await receiver.close();
    expect(res.body.result.sampledFrames).toBe(6);
    expect(res.body.result.frames.every((f: { verdict: string }) => f.verdict !== 'pass')).toBe(true);
    expect(res.body.result.video.sampling).toBe('interval: 6 frames');
  }, 60_000);

  it('finds scene changes', async () => {
    // Three flat colours, 2 s each: two cuts.
    const cuts = makeVideo('cuts.mp4', [
      '-f', 'lavfi', '-i', 'color=c=red:s=160x120:r=5:d=2',
      '-f', 'lavfi', '-i', 'color=c=blue:s=160x120:r=5:d=2',
      '-f', 'lavfi', '-i', 'color=c=green:s=160x120:r=5:d=2',
      '-filter_complex', '[0][1][2]concat=n=3:v=1', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast',
    ]);
    const res = await submit({ video: { base64: cuts.toString('base64') }, sampling: { mode: 'scene', threshold: 0.3 }, allFrames: true });
    expect(res.body.status).toBe('succeeded');
    const offsets = res.body.result.frames.map((f: { offsetMs: number }) => f.offsetMs);
    expect(offsets).toHaveLength(3);
    expect(offsets[0]).toBe(0);
    expect(Math.abs(offsets[1] - 2000)).toBeLessThanOrEqual(200);
    expect(Math.abs(offsets[2] - 4000)).toBeLessThanOrEqual(200);
  }, 60_000);

  it('answers a truncated MP4 with a clear code and a message that names no server path', async () => {
    // A real MP4 cut in half: ffmpeg writes the index (moov) at the end, so what is left has none.
    const whole = testPattern(20);
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    const form = new FormData();
    form.append('file', new Blob([truncated], { type: 'video/mp4' }), 'cut.mp4');
    const up = await stack.call('POST', '/v1/files', { body: form });
    expect(up.status).toBe(201);
    for (const video of [{ fileId: up.body.id }, { base64: truncated.toString('base64') }]) {
      const res = await submit({ video });
      expect(res.body.status).toBe('failed');
      expect(res.body.error.code).toBe('corrupt_media');
      expect(res.body.error.message).toBe('the video could not be decoded: the file is truncated or not a supported container');
      expect(JSON.stringify(res.body)).not.toMatch(ABSOLUTE_PATH);
      const polled = await stack.call('GET', `/v1/jobs/${res.body.id}`);
      expect(JSON.stringify(polled.body)).not.toMatch(ABSOLUTE_PATH);
    }
    // With the index first (faststart) the cut file still opens; the frames past the cut are missing, not leaked.
    const indexed = makeVideo('indexed.mp4', ['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=5', '-t', '20', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-movflags', '+faststart']);
    for (const sampling of [{ mode: 'interval', seconds: 4 }, { mode: 'scene', threshold: 0.3 }]) {
      const res = await submit({ video: { base64: indexed.subarray(0, Math.floor(indexed.length / 2)).toString('base64') }, sampling, allFrames: true });
      expect(['succeeded', 'failed'], JSON.stringify(sampling)).toContain(res.body.status);
      expect(JSON.stringify(res.body)).not.toMatch(ABSOLUTE_PATH);
    }
  }, 60_000);

  it('refuses what is not a usable video with clear codes', async () => {
    const audioOnly = makeVideo('tone.mp4', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'aac']);
    const tooLong = testPattern(120, '64x48', 1);
    const picture = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).png().toBuffer();
    const cases: [string, unknown, string][] = [
      ['a picture', { base64: picture.toString('base64') }, 'unsupported_media'],
      ['a truncated container', { base64: clip.subarray(0, 3000).toString('base64') }, 'corrupt_media'],
      ['sound without pictures', { base64: audioOnly.toString('base64') }, 'no_video_stream'],
      ['longer than allowed', { base64: tooLong.toString('base64') }, 'invalid_duration'],
    ];
    for (const [what, video, code] of cases) {
      const res = await submit({ video });
      const got = res.body.error?.code;
      if (code === 'unsupported_media') {
        expect(res.status, what).toBe(415);
        expect(got, what).toBe('unsupported_media');
      } else {
        expect(res.body.status, what).toBe('failed');
        expect(got, what).toBe(code);
      }
    }
  }, 60_000);
});
