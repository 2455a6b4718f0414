import sharp from 'sharp';
import { routes } from '@crs/api';
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

  it('asks for a key on exactly the routes the routes table marks', async () => {
    for (const route of routes) {
      const res = await stack.call(route.method.toUpperCase(), route.path.replace(/:(\w+)/g, 'x-$1'), { key: null });
      expect(res.status === 401, `${route.method} ${route.path} answered ${res.status}`).toBe(route.auth);
    }
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

  it("answers 404 on every route that takes an id, tried with another tenant's ids, and lists nothing of theirs", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).png().toBuffer();
    const form = new FormData();
    form.append('file', new Blob([png]), 'x.png');
    const ids: Record<string, string> = {
      jobs: acmeJob,
      files: (await stack.call('POST', '/v1/files', { body: form })).body.id,
      lexicons: (await stack.call('POST', '/v1/lexicons', { body: { name: 'acme words', kind: 'deny', category: 'custom', terms: ['秘密词'] } })).body.id,
    };
    const ID = /:(jobId|fileId|lexiconId)\b/;
    const withIds = routes.filter((r) => ID.test(r.path));
    expect(withIds.length).toBeGreaterThanOrEqual(7);
    for (const route of withIds) {
      const kind = route.path.split('/')[2]!;
      // A new kind of resource must be added here, so no route escapes the check.
      expect(ids, `no id of kind ${kind} for ${route.path}`).toHaveProperty(kind);
      const path = route.path.replace(ID, ids[kind]!);
      // A valid body, so the answer is about the id, not the body.
      const body = route.method === 'patch' ? { name: 'renamed' } : route.method === 'get' || route.method === 'delete' ? undefined : route.path.endsWith('/review') ? { decision: 'pass' } : {};
      const res = await stack.call(route.method.toUpperCase(), path, { key: KEYS.globex, body });
      expect(res.status, `${route.method} ${route.path}`).toBe(404);
    }
    // Still there for their owner.
    expect((await stack.call('GET', `/v1/files/${ids.files}`)).status).toBe(200);
    expect((await stack.call('GET', `/v1/lexicons/${ids.lexicons}`)).status).toBe(200);
    const lists: [string, (b: any) => unknown[]][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['/v1/jobs', (b) => b.jobs],
      ['/v1/lexicons', (b) => b.lexicons],
      ['/v1/reviews', (b) => b.items],
      ['/v1/reviews?status=decided', (b) => b.items],
    ];
    for (const [path, items] of lists) expect(items((await stack.call('GET', path, { key: KEYS.globex })).body), path).toEqual([]);
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
    // Unauthenticated, so yes or no only: never where the binaries live.
    expect(ready.media).toEqual({ ffmpeg: true, ffprobe: true });
    expect(JSON.stringify(ready)).not.toMatch(/\/[\w.@-]+\//);
    const doc = (await stack.call('GET', '/openapi.json', { key: null })).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/jobs'].post).toBeDefined();
    expect(doc.components.schemas.TextModerateInput.properties.text.type).toBe('string');
    expect(doc.components.schemas.TextModerateResult.properties.verdict.enum).toEqual(['pass', 'review', 'block']);
    // Every route of the routes table is documented, with its method.
    const undocumented = routes.filter((r) => !doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method]).map((r) => `${r.method} ${r.path}`);
    expect(undocumented).toEqual([]);
  });

  it('serves the API and the operator pages from one server: keys first under /v1, one error shape, route patterns in the metrics', async () => {
    const unknown = await stack.call('GET', '/v1/no-such-thing', { key: null });
    expect(unknown.status).toBe(401);
    const missing = await stack.call('GET', '/v1/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'not_found', message: 'no route GET /v1/no-such-thing', requestId: missing.headers.get('x-request-id') });
    const page = await stack.call('GET', '/no-such-page', { key: null });
    expect(page.status).toBe(404);
    expect(page.body.error.code).toBe('not_found');
    expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const head = await fetch(`${stack.baseUrl}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await stack.call('GET', '/HEALTHZ/', { key: null })).status).toBe(200);

    const badId = await stack.call('GET', '/v1/jobs/%E0%A4%A');
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('invalid_request');
    const badJson = await stack.call('POST', '/v1/text/moderate', { body: '{"text": "unterminated' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_json');
    expect(badJson.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const latin1 = await stack.call('POST', '/v1/text/moderate', { body: '{"text":"x"}', headers: { 'content-type': 'application/json; charset=latin1' } });
    expect(latin1.status).toBe(400);
    expect(latin1.body.error.code).toBe('invalid_request');

    const own = await stack.call('GET', `/v1/jobs/${acmeJob}?unused=1`);
    expect(own.status).toBe(200);
    expect(Number(own.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify(own.body)));
    const metrics = (await stack.call('GET', '/metrics', { key: null })).body as string;
    expect(metrics).toMatch(/crs_http_requests_total\{method="GET",route="\/v1\/jobs\/:jobId",status="200"\} \d+/);
    expect(metrics).toMatch(/crs_http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/);
    expect(metrics).not.toContain(acmeJob);
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
