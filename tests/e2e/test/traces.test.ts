import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess, type ApiProcess } from './helpers/apiProcess.js';
import { ancestorsOf, startOtlpReceiver, type ReceivedSpan } from './helpers/otlpReceiver.js';
import { startReceiver } from './helpers/receiver.js';
import { eventually, KEYS, testEnv } from './helpers/stack.js';
import { testPattern } from './helpers/videos.js';

const WORKER_MAIN = fileURLToPath(new URL('../../../apps/worker/dist/main.js', import.meta.url));

describe('OpenTelemetry traces across the API and the worker processes', () => {
  let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let hooks: Awaited<ReturnType<typeof startReceiver>>;
  let api: ApiProcess;
  let worker: ChildProcess;

  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    hooks = await startReceiver();
    // OpenTelemetry's own variables; OTEL_SERVICE_NAME is left to each process's default.
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '200' };
    api = await startApiProcess(tracing);
    worker = spawn(process.execPath, [WORKER_MAIN], {
      env: { ...process.env, ...testEnv(api.prefix, { ...tracing, WORKER_PLUGINS: 'text-moderation,image-classifier,video' }) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await eventually(async () => ((await fetch(`${api.baseUrl}/readyz`)).ok ? true : undefined), 60_000, 'the worker to announce its tasks');
  }, 90_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
    }
    await api?.close();
    await hooks?.close();
    await otlp?.close();
  });

  const submit = async (task: string, input: unknown) => {
    const res = await fetch(`${api.baseUrl}/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.acme}`, 'content-type': 'application/json', prefer: 'wait=60' },
      body: JSON.stringify({ task, input, webhook: { url: hooks.url, events: ['job.completed'] } }),
    });
    const body = (await res.json()) as { id: string; status: string };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('succeeded');
    return body.id;
  };

  /** The job's trace: the API's span of the request that queued it, and every span under it once `done` holds. */
  const traceOf = (jobId: string, done: (spans: ReceivedSpan[]) => boolean) =>
    eventually(
      async () => {
        const plugin = otlp.spans.find((s) => s.attributes['crs.job.id'] === jobId && s.service === 'crs-worker');
        if (!plugin) return undefined;
        const spans = otlp.spans.filter((s) => s.traceId === plugin.traceId);
        // The request's span ends once its answer is sent, so it may reach the receiver after the worker's.
        const request = spans.some((s) => s.name === 'POST /v1/jobs' && s.service === 'crs-api');
        return request && done(spans) ? spans : undefined;
      },
      30_000,
      `the spans of job ${jobId}`,
    );
  const names = (chain: ReceivedSpan[]) => chain.map((s) => `${s.service}: ${s.name}`);
  const one = (spans: ReceivedSpan[], name: string, service: string) => {
    const found = spans.filter((s) => s.name === name && s.service === service);
    expect(found.map((s) => s.name), `${name} from ${service}, in a trace of ${JSON.stringify(names(spans))}`).toHaveLength(1);
    return found[0]!;
  };

  it('links a text job: request → queue → worker → plugin → webhook delivery, in one trace', async () => {
    const id = await submit('text.moderate', { text: 'a text to trace' });
    await eventually(async () => (hooks.received.some((r) => r.body.includes(id)) ? true : undefined), 30_000, 'the webhook');
    const spans = await traceOf(id, (all) => all.some((s) => s.name === 'webhook deliver'));

    const request = one(spans, 'POST /v1/jobs', 'crs-api');
    expect(request.parentSpanId).toBe('');
    expect(request.kind).toBe(2); // SERVER
    expect(request.attributes['http.response.status_code']).toBe(200);
    const match = one(spans, 'text match', 'crs-worker');
    // Nearest first: the plugin's span, BullMQ's process span in the worker, its add in the API
    // (BullMQ names it `add <queue>.<job name>`), the request.
    expect(names(ancestorsOf(match, spans))).toEqual(['crs-worker: text-moderation text.moderate', 'crs-worker: process text.moderate', 'crs-api: add text.moderate.text.moderate', 'crs-api: POST /v1/jobs']);
    const delivery = one(spans, 'webhook deliver', 'crs-worker');
    expect(delivery.attributes).toMatchObject({ 'crs.job.id': id, 'crs.webhook.type': 'job.completed', 'http.response.status_code': 200 });
    const deliveryChain = names(ancestorsOf(delivery, spans));
    expect(deliveryChain[0]).toBe('crs-worker: process webhooks');
    expect(deliveryChain.some((name) => name.startsWith('crs-worker: add webhooks'))).toBe(true);
    expect(deliveryChain.at(-1)).toBe('crs-api: POST /v1/jobs');
    // Nothing of the text itself travels with the spans.
    expect(JSON.stringify(spans)).not.toContain('a text to trace');
  }, 60_000);

  it('links a video job and its frame jobs (fan-out) under the video job in the same trace', async () => {
    const video = testPattern(3, '160x120', 5).toString('base64');
    const id = await submit('video.moderate', { video: { base64: video }, sampling: { mode: 'interval', seconds: 1 } });
    const spans = await traceOf(id, (all) => all.filter((s) => s.name === 'process video.moderate').length >= 2 && all.some((s) => s.name === 'webhook deliver'));

    const request = one(spans, 'POST /v1/jobs', 'crs-api');
    const extract = one(spans, 'video extract frames', 'crs-worker');
    const frames = Number(extract.attributes['crs.video.frames']);
    expect(frames).toBeGreaterThanOrEqual(2);
    expect(names(ancestorsOf(extract, spans))).toEqual(['crs-worker: video video.moderate', 'crs-worker: process video.moderate', 'crs-api: add video.moderate.video.moderate', 'crs-api: POST /v1/jobs']);
    // Every frame is a child job of its own, processed under the video job's first run, which queued it.
    const framePlugins = spans.filter((s) => s.name === 'image-classifier image.moderate');
    expect(framePlugins).toHaveLength(frames);
    for (const frame of framePlugins) {
      const chain = names(ancestorsOf(frame, spans));
      expect(chain.slice(0, 3)).toEqual(['crs-worker: process image.moderate', 'crs-worker: addBulk image.moderate', 'crs-worker: video video.moderate']);
      expect(chain.at(-1)).toBe('crs-api: POST /v1/jobs');
    }
    // The resumed run (aggregation) is in the same trace, and so is the webhook delivery.
    const runs = spans.filter((s) => s.name === 'video video.moderate');
    expect(runs.map((s) => s.attributes['crs.resumed']).sort()).toEqual([false, true]);
    expect(ancestorsOf(one(spans, 'webhook deliver', 'crs-worker'), spans).at(-1)?.spanId).toBe(request.spanId);
  }, 120_000);
});
