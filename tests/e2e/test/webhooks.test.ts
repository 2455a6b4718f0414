import type { LookupAddress } from 'node:dns';
import { verifyWebhook, type Resolver } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from './helpers/receiver.js';
import { eventually, startStack, type Stack } from './helpers/stack.js';

describe('webhook delivery', () => {
  let stack: Stack;
  let secret: string;
  beforeAll(async () => {
    // Three attempts spread over 600 ms instead of eight over a day.
    stack = await startStack({ env: { WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_RETRY_SPAN_MS: '600', WEBHOOK_PROGRESS_INTERVAL_MS: '0' } });
    secret = (await stack.call('GET', '/v1/webhook-secret')).body.secret;
  });
  afterAll(() => stack.close());

  it('retries a failing receiver with the same webhook-id and a valid signature each time', async () => {
    const receiver = await startReceiver([500, 503]);
    try {
      const { body: job } = await stack.call('POST', '/v1/jobs', {
        body: { task: 'text.moderate', input: { text: 'hi' }, webhook: { url: receiver.url, events: ['job.completed'] } },
      });
      await eventually(async () => (receiver.received.length >= 3 ? true : undefined), 10_000, 'three attempts');
      await new Promise((r) => setTimeout(r, 700));
      expect(receiver.received).toHaveLength(3);
      const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
      expect([...ids]).toEqual([`msg_${job.id}_completed`]);
      for (const attempt of receiver.received) {
        expect((verifyWebhook(secret, attempt.body, attempt.headers) as { type: string }).type).toBe('job.completed');
      }
      // Backoff: the retries are spaced, not fired back to back.
      expect(receiver.received[2]!.at - receiver.received[0]!.at).toBeGreaterThan(100);
    } finally {
      await receiver.close();
    }
  });

  it('stops at the first 410 Gone', async () => {
    const receiver = await startReceiver([410, 500, 500]);
    try {
      await stack.call('POST', '/v1/jobs', {
        body: { task: 'text.moderate', input: { text: 'hi' }, webhook: { url: receiver.url } },
      });
      await eventually(async () => (receiver.received.length >= 1 ? true : undefined));
      await new Promise((r) => setTimeout(r, 1_000));
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('sends only the subscribed events', async () => {
    const receiver = await startReceiver();
    try {
      const { body: ok } = await stack.call('POST', '/v1/jobs', {
        body: { task: 'text.moderate', input: { text: 'hi' }, webhook: { url: receiver.url, events: ['job.failed'] } },
        headers: { prefer: 'wait=5' },
      });
      expect(ok.status).toBe('succeeded');
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});

describe('webhook URLs are SSRF-checked', () => {
  const asked: string[] = [];
  const resolve: Resolver = async (host) => {
    asked.push(host);
    const table: Record<string, string> = { 'metadata.internal.test': '169.254.169.254', 'intranet.test': '10.1.2.3' };
    const address = table[host];
    if (!address) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address, family: 4 } satisfies LookupAddress];
  };
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false, resolve, env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' } });
  });
  afterAll(() => stack.close());

  it.each([
    ['http://127.0.0.1:9/hook', []],
    ['http://169.254.169.254/latest/meta-data/', []],
    ['http://[::1]/hook', []],
    ['http://metadata.internal.test/hook', ['metadata.internal.test']],
    ['https://intranet.test/hook', ['intranet.test']],
  ])('refuses %s with url_not_allowed before any connection', async (url, lookedUp) => {
    asked.length = 0;
    const res = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'x' }, webhook: { url } } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('url_not_allowed');
    expect(asked).toEqual(lookedUp);
  });
});
