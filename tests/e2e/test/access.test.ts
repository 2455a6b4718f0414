import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, KEYS, startStack, type Stack } from './helpers/stack.js';

const basic = (password: string) => `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`;

describe('authentication, tenant isolation and operator pages', () => {
  let stack: Stack;
  let acmeJob: string;

  beforeAll(async () => {
    stack = await startStack();
    const res = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'hello' } }, headers: { prefer: 'wait=5' } });
    acmeJob = res.body.id;
  });
  afterAll(() => stack.close());

  it('answers 401 without a key or with an unknown key', async () => {
    const none = await stack.call('GET', `/v1/jobs/${acmeJob}`, { key: null });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await stack.call('POST', '/v1/text/moderate', { key: 'not-a-real-key-at-all', body: { text: 'x' } })).status).toBe(401);
    expect((await stack.call('GET', '/v1/webhook-secret', { key: null })).status).toBe(401);
  });

  it("never shows one tenant another tenant's job: every route answers 404", async () => {
    const as = { key: KEYS.globex };
    expect((await stack.call('GET', `/v1/jobs/${acmeJob}`, as)).status).toBe(404);
    expect((await stack.call('POST', `/v1/jobs/${acmeJob}/cancel`, as)).status).toBe(404);
    expect((await stack.call('DELETE', `/v1/jobs/${acmeJob}`, as)).status).toBe(404);
    const own = await stack.call('GET', `/v1/jobs/${acmeJob}`);
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('succeeded');
  });

  it('gives each tenant its own webhook secret, stable across calls', async () => {
    const a1 = (await stack.call('GET', '/v1/webhook-secret')).body.secret;
    const a2 = (await stack.call('GET', '/v1/webhook-secret')).body.secret;
    const b = (await stack.call('GET', '/v1/webhook-secret', { key: KEYS.globex })).body.secret;
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
  });

  it('keeps Bull Board behind the admin token and shows the queues with it', async () => {
    expect((await stack.call('GET', '/admin/queues', { key: null })).status).toBe(401);
    expect((await stack.call('GET', '/admin/queues', { key: null, headers: { authorization: basic('wrong-token-xyz') } })).status).toBe(401);
    expect((await stack.call('GET', '/admin/queues', { key: null, headers: { authorization: `Bearer ${KEYS.acme}` } })).status).toBe(401);
    const page = await stack.call('GET', '/admin/queues', { key: null, headers: { authorization: basic(ADMIN_TOKEN) } });
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<html');
    const api = await stack.call('GET', '/admin/queues/api/queues?activeQueue=text.moderate&status=completed&page=1', {
      key: null,
      headers: { authorization: basic(ADMIN_TOKEN) },
    });
    const names = api.body.queues.map((q: { name: string }) => q.name);
    expect(names).toEqual(expect.arrayContaining(['text.moderate', 'webhooks']));
    const textQueue = api.body.queues.find((q: { name: string }) => q.name === 'text.moderate');
    expect(textQueue.counts.completed).toBeGreaterThanOrEqual(1);
  });

  it('serves health, readiness and an OpenAPI document built from the catalog', async () => {
    expect((await stack.call('GET', '/healthz', { key: null })).body).toEqual({ status: 'ok' });
    const ready = (await stack.call('GET', '/readyz', { key: null })).body;
    expect(ready).toMatchObject({ status: 'ready', checks: { redis: 'ok' } });
    expect(ready.media.ffmpeg).toMatch(/^(FFMPEG_PATH|ffmpeg-static|@ffmpeg-installer\/ffmpeg|PATH) \(/);
    const doc = (await stack.call('GET', '/openapi.json', { key: null })).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/jobs'].post).toBeDefined();
    expect(doc.components.schemas.TextModerateInput.properties.text.type).toBe('string');
    expect(doc.components.schemas.TextModerateResult.properties.verdict.enum).toEqual(['pass', 'review', 'block']);
  });
});

describe('admin pages without ADMIN_TOKEN', () => {
  it('stay closed', async () => {
    const stack = await startStack({ worker: false, env: { ADMIN_TOKEN: '' } });
    try {
      const res = await stack.call('GET', '/admin/queues', { key: null, headers: { authorization: basic('anything-at-all') } });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/ADMIN_TOKEN/);
    } finally {
      await stack.close();
    }
  });
});
