import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/redisServer.js';
import { startStack, type Stack } from './helpers/stack.js';

const TENANT = 'zanzibar-secret-corp';
const KEY = 'zanzibar-key-0123456789abcdef';
const TOKEN = 'metrics-token-for-tests';

/** Some traffic of the tenant's: a job run to its end, an upload, a 404, a 401. */
async function traffic(stack: Stack): Promise<void> {
  const job = await stack.call('POST', '/v1/jobs', { key: KEY, body: { task: 'text.moderate', input: { text: 'hello' } }, headers: { prefer: 'wait=10' } });
  expect(job.status).toBe(200);
  await stack.call('GET', `/v1/jobs/${job.body.id}`, { key: KEY });
  await stack.call('GET', '/v1/jobs/nope', { key: KEY });
  await stack.call('GET', '/v1/jobs', { key: 'wrong-key-0123456789abcdef' });
}

describe('/metrics, open by default', () => {
  let stack: Stack;
  let workerPort: number;

  beforeAll(async () => {
    workerPort = await freePort();
    stack = await startStack({ env: { API_KEYS: `${TENANT}:${KEY}`, METRICS_PORT: String(workerPort) } });
    await traffic(stack);
  });
  afterAll(() => stack?.close());

  it('answers without credentials, and no metric of the API or the worker names a tenant', async () => {
    const api = await fetch(`${stack.baseUrl}/metrics`);
    expect(api.status).toBe(200);
    const apiText = await api.text();
    expect(apiText).toContain('crs_http_requests_total');
    const worker = await fetch(`http://127.0.0.1:${workerPort}/metrics`);
    expect(worker.status).toBe(200);
    const workerText = await worker.text();
    expect(workerText).toContain('crs_jobs_total');
    for (const text of [apiText, workerText]) {
      expect(text).not.toContain('zanzibar');
      expect(text).not.toContain(KEY);
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let stack: Stack;
  let workerPort: number;

  beforeAll(async () => {
    workerPort = await freePort();
    stack = await startStack({ env: { API_KEYS: `${TENANT}:${KEY}`, METRICS_PORT: String(workerPort), METRICS_TOKEN: TOKEN } });
    await traffic(stack);
  });
  afterAll(() => stack?.close());

  it.each([
    ['no credentials', undefined],
    ['a wrong token', 'Bearer not-the-metrics-token'],
    ['an API key', `Bearer ${KEY}`],
    ['the token as Basic', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`],
  ])('answers 401 JSON to %s, on the API and the worker', async (_name, authorization) => {
    for (const url of [`${stack.baseUrl}/metrics`, `http://127.0.0.1:${workerPort}/metrics`]) {
      const res = await fetch(url, { headers: authorization ? { authorization } : {} });
      expect(res.status, url).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe('unauthorized');
    }
  });

  it('answers the metrics to the bearer of the token', async () => {
    for (const url of [`${stack.baseUrl}/metrics`, `http://127.0.0.1:${workerPort}/metrics`]) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, url).toBe(200);
      expect(await res.text()).toMatch(/^# HELP/m);
    }
  });
});
