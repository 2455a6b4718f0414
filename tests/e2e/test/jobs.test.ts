import { jsonBodyLimit } from '@crs/api';
import { verifyWebhook } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from './helpers/receiver.js';
import { eventually, startStack, type Stack } from './helpers/stack.js';

describe('a job end to end: API → BullMQ → worker → signed webhook', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    stack = await startStack();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await stack.close();
    await receiver.close();
  });

  it('delivers job.completed signed with the tenant secret, and GET shows the same result', async () => {
    const text = '欢迎光临，加 微*信 领取优惠，另售冰毒';
    const submitted = await stack.call('POST', '/v1/jobs', {
      body: { task: 'text.moderate', input: { text }, webhook: { url: receiver.url } },
    });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ task: 'text.moderate', status: 'queued' });
    expect(submitted.headers.get('location')).toBe(`/v1/jobs/${submitted.body.id}`);

    const delivery = await eventually(async () => receiver.received.find((r) => r.body.includes(submitted.body.id)), 10_000, 'webhook');
    const { body: secretBody } = await stack.call('GET', '/v1/webhook-secret');
    expect(secretBody.secret).toMatch(/^whsec_/);
    const event = verifyWebhook(secretBody.secret, delivery.body, delivery.headers) as { type: string; data: { id: string; result: unknown } };
    expect(event.type).toBe('job.completed');
    expect(delivery.headers['webhook-id']).toBe(`msg_${submitted.body.id}_completed`);

    const fetched = await stack.call('GET', `/v1/jobs/${submitted.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.status).toBe('succeeded');
    expect(fetched.body.result).toEqual(event.data.result);
    const result = fetched.body.result;
    expect(result.verdict).toBe('block');
    expect(result.hits.map((h: { word: string }) => h.word)).toEqual(['加微信', '冰毒']);
    for (const hit of result.hits) expect([...text].slice(hit.start, hit.end).join('')).toBe(hit.matched);
  });

  it('answers 200 with the finished job under Prefer: wait', async () => {
    const res = await stack.call('POST', '/v1/jobs', {
      body: { task: 'text.moderate', input: { text: 'you idiot' } },
      headers: { prefer: 'wait=5' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('preference-applied')).toBe('wait=5');
    expect(res.body).toMatchObject({ status: 'succeeded', progress: 100, error: null });
    expect(res.body.result.labels.find((l: { category: string }) => l.category === 'abuse')).toMatchObject({ verdict: 'review' });
    expect(res.body.finishedAt).not.toBeNull();
  });

  it('moderates up to 2,000 characters synchronously and refuses more with text_too_long', async () => {
    const ok = await stack.call('POST', '/v1/text/moderate', { body: { text: `${'好'.repeat(1990)}代开发票` } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ verdict: 'block' });
    expect(ok.body.hits.find((h: { word: string }) => h.word === '代开发票')).toMatchObject({ start: 1990, end: 1994 });
    expect(typeof ok.body.jobId).toBe('string');

    const long = await stack.call('POST', '/v1/text/moderate', { body: { text: '好'.repeat(2001) } });
    expect(long.status).toBe(422);
    expect(long.body.error.code).toBe('text_too_long');
    expect(long.body.error.message).toMatch(/2000|2,000/);

    // Astral characters count once each.
    const astral = await stack.call('POST', '/v1/text/moderate', { body: { text: '😀'.repeat(2000) } });
    expect(astral.status).toBe(200);
  });

  it('answers bad input with 4xx and a stable code, never 500', async () => {
    const cases: [unknown, number, string][] = [
      [{ task: 'text.moderat', input: { text: 'x' } }, 422, 'unknown_task'],
      [{ task: 'text.moderate', input: { text: '' } }, 422, 'text_empty'],
      [{ task: 'text.moderate', input: { text: ' \n ' } }, 422, 'text_empty'],
      [{ task: 'text.moderate', input: { text: 42 } }, 422, 'invalid_text'],
      [{ task: 'text.moderate', input: {} }, 422, 'invalid_text'],
      [{ task: 'text.moderate', input: { text: 'x', denyWords: ['ok', ''] } }, 400, 'invalid_request'],
      [{ task: 'text.moderate', input: { text: 'x'.repeat(20_001) } }, 422, 'text_too_long'],
      [{ task: 'text.moderate', input: { text: 'x' }, webhook: { url: 'ftp://example.org' } }, 400, 'invalid_request'],
      [{ input: { text: 'x' } }, 400, 'invalid_request'],
      ['{"task":', 400, 'invalid_json'],
      ['[1,2,3]', 400, 'invalid_request'],
      ['"just a string"', 400, 'invalid_request'],
      [`{"task":"text.moderate","input":{"text":"${'x'.repeat(jsonBodyLimit(stack.config) + 1)}"}}`, 413, 'payload_too_large'],
    ];
    for (const [body, status, code] of cases) {
      const res = await stack.call('POST', '/v1/jobs', { body });
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
      expect(res.body.error.message.length).toBeGreaterThan(5);
    }
    // A field the route does not know is refused before anything else, naming it.
    const stranger = await stack.call('POST', '/v1/text/moderate', { body: { words: 'x' } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/body\.words is not a known field/) });
    const sync = await stack.call('POST', '/v1/text/moderate', { body: {} });
    expect(sync.status).toBe(422);
    expect(sync.body.error).toMatchObject({ code: 'invalid_text', message: expect.stringMatching(/text is required/) });
    const empty = await stack.call('POST', '/v1/text/moderate', { body: { text: '' } });
    expect({ status: empty.status, code: empty.body.error.code }).toEqual({ status: 422, code: 'text_empty' });
    expect((await stack.call('GET', '/v1/jobs/does-not-exist')).status).toBe(404);
    expect((await stack.call('GET', '/v1/nowhere')).body.error.code).toBe('not_found');
  });
});

describe('when no worker is free in time', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false, env: { SYNC_TEXT_TIMEOUT_MS: '300' } });
  });
  afterAll(() => stack.close());

  it('Prefer: wait returns the 202 contract and the job stays queued', async () => {
    const res = await stack.call('POST', '/v1/jobs', {
      body: { task: 'text.moderate', input: { text: 'hello' } },
      headers: { prefer: 'wait=1' },
    });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('queued');
    expect((await stack.call('GET', `/v1/jobs/${res.body.id}`)).body.status).toBe('queued');
  });

  it('the sync text endpoint falls back to 202 with the job to poll', async () => {
    const res = await stack.call('POST', '/v1/text/moderate', { body: { text: 'hello' } });
    expect(res.status).toBe(202);
    expect(res.body.urls.self).toBe(`/v1/jobs/${res.body.id}`);
  });
});
