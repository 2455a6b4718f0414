import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrsClient, CrsError, verifyWebhook } from '@crs/client';
import { startReceiver } from './helpers/receiver.js';
import { eventually, KEYS, startStack, type Stack } from './helpers/stack.js';

describe('@crs/client against the real service', () => {
  let stack: Stack;
  let idle: Stack;
  let client: CrsClient;

  beforeAll(async () => {
    stack = await startStack();
    idle = await startStack({ worker: false });
    client = new CrsClient({ baseUrl: stack.baseUrl, apiKey: KEYS.acme });
  });
  afterAll(async () => {
    await stack.close();
    await idle.close();
  });

  it('has types generated from the document the service publishes (npm run generate -w @crs/client after a change)', async () => {
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    const doc = (await stack.call('GET', '/openapi.json', { key: null })).body;
    const generated = fs.readFileSync(new URL('../../../packages/client/src/generated/api.ts', import.meta.url), 'utf8');
    expect(generated.endsWith(astToString(await openapiTS({ ...doc, info: { ...doc.info, version: '0.0.0' } })))).toBe(true);
  });

  it('submits and waits, with the job typed by its task', async () => {
    const job = await client.submitAndWait({ task: 'text.moderate', input: { text: '加微信领取优惠', thresholds: { ad: { review: 0.1, block: 0.2 } } } });
    expect(job.status).toBe('succeeded');
    expect(job.task).toBe('text.moderate');
    expect((job.result as { verdict: string }).verdict).toBe('block');
  });

  it('polls after a 202 and stops waiting when told, canceling the job if asked', async () => {
    const idleClient = new CrsClient({ baseUrl: idle.baseUrl, apiKey: KEYS.acme });
    const abort = new AbortController();
    const waiting = idleClient.submitAndWait({ task: 'text.moderate', input: { text: 'queued forever' } }, { waitSeconds: 0, pollIntervalMs: 50, signal: abort.signal, cancelOnAbort: true });
    setTimeout(() => abort.abort(new Error('user gave up')), 300);
    await expect(waiting).rejects.toThrow('user gave up');
    const jobs = [];
    for await (const job of idleClient.iterateJobs({ task: 'text.moderate' })) jobs.push(job);
    expect(jobs.map((j) => j.status)).toEqual(['canceled']);
  });

  it('uploads a file and uses it by fileId', async () => {
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#888' } }).png().toBuffer();
    const file = await client.uploadFile(new Blob([new Uint8Array(png)], { type: 'image/png' }), 'grey.png');
    expect(file).toMatchObject({ contentType: 'image/png', size: png.length });
    const { data } = await client.api.GET('/v1/files/{fileId}', { params: { path: { fileId: file.id } }, parseAs: 'arrayBuffer' });
    expect(Buffer.from(data as ArrayBuffer).equals(png)).toBe(true);
  });

  it('iterates every call record across pages', async () => {
    const other = new CrsClient({ baseUrl: stack.baseUrl, apiKey: KEYS.globex });
    for (let i = 0; i < 5; i++) await other.submitAndWait({ task: 'text.moderate', input: { text: `record ${i}` } });
    const seen: string[] = [];
    for await (const job of other.iterateJobs({ limit: 2 })) seen.push(job.id);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('throws CrsError with the stable code and the request id', async () => {
    const err = await client.getJob('no-such-job').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrsError);
    expect(err).toMatchObject({ status: 404, code: 'not_found', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const refused = await client.submitAndWait({ task: 'text.moderate', input: { text: 'x', denywords: ['y'] } as never }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, code: 'invalid_request', message: expect.stringContaining('did you mean "denyWords"') });
  });

  it('verifies a real webhook delivery and refuses a tampered one', async () => {
    const receiver = await startReceiver();
    try {
      const { data } = await client.api.GET('/v1/webhook-secret');
      await client.submitAndWait({ task: 'text.moderate', input: { text: 'hook me' }, webhook: { url: receiver.url, events: ['job.completed'] } });
      const delivery = await eventually(async () => receiver.received[0], 10_000, 'a delivery');
      const event = verifyWebhook(data!.secret, delivery.headers, delivery.body);
      expect(event).toMatchObject({ type: 'job.completed', data: { status: 'succeeded', task: 'text.moderate' } });
      expect(() => verifyWebhook(data!.secret, delivery.headers, delivery.body.replace('succeeded', 'failed'))).toThrow();
    } finally {
      await receiver.close();
    }
  });
});
