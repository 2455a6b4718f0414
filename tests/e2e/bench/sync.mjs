#!/usr/bin/env node
// Sync text moderation under concurrent load (autocannon against POST /v1/text/moderate, API and
// worker as their own processes) next to a raw BullMQ add + waitUntilFinished round trip at the
// same concurrency, on the same Redis, in the same run. Loopback only.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PREFIX = `bench-${randomBytes(3).toString('hex')}`;
const KEY = 'bench-key-0123456789abcdef';
const TEXT = '欢迎光临本店，新品上市，全场八折。有问题请在评论区留言，我们会尽快回复。加 微*信 领取优惠券，另外本店不卖任何违禁品。'.repeat(2);

const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function waitFor(check, what, ms = 30_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function benchService() {
  const port = await freePort();
  const env = {
    ...process.env,
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    API_KEYS: `bench:${KEY}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WORKER_CONCURRENCY: `text.moderate=${CONCURRENCY}`,
    // A text pool, as the raw baseline's worker is: image, video and OCR workers would share its two cores.
    WORKER_PLUGINS: 'text-moderation',
    METRICS_PORT: '0',
  };
  const children = [
    spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] }),
    spawn(process.execPath, ['apps/worker/dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] }),
  ];
  try {
    const url = `http://127.0.0.1:${port}/v1/text/moderate`;
    const request = { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXT }) };
    await waitFor(async () => (await fetch(url, request)).status === 200, 'the API and worker');
    await autocannon({ url, ...request, connections: CONCURRENCY, duration: 2 }); // warm-up
    const result = await autocannon({ url, ...request, connections: CONCURRENCY, duration: SECONDS });
    const bad = result.non2xx + result.errors + result.timeouts;
    return { p50: result.latency.p50, p99: result.latency.p99, perSecond: result.requests.average, total: result.requests.total, bad };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
  }
}

async function benchRawBullmq() {
  const queueName = 'raw-baseline';
  const worker = fork(fileURLToPath(new URL('rawWorker.mjs', import.meta.url)), {
    env: { ...process.env, REDIS_URL, PREFIX, QUEUE: queueName, CONCURRENCY: String(CONCURRENCY) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => worker.once('message', resolve));
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix: PREFIX });
  const eventsConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const events = new QueueEvents(queueName, { connection: eventsConnection, prefix: PREFIX });
  queue.setMaxListeners(CONCURRENCY * 4); // as the API does for its own waits

  await events.waitUntilReady();
  let bad = 0;
  // A finish notification BullMQ misses now and then (the job completed and was trimmed before the
  // wait subscribed) counts as an error of the baseline, not as the end of the run.
  const roundTrip = async () => {
    const job = await queue.add('t', { text: TEXT }, { removeOnComplete: 1000 });
    return job.waitUntilFinished(events, 10_000).then(
      () => true,
      () => (bad++, false),
    );
  };
  const run = async (ms, latencies) => {
    const until = Date.now() + ms;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < until) {
          const started = performance.now();
          if (await roundTrip()) latencies?.push(performance.now() - started);
        }
      }),
    );
  };
  try {
    await run(2000); // warm-up
    const latencies = [];
    await run(SECONDS * 1000, latencies);
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: latencies.length / SECONDS, total: latencies.length, bad };
  } finally {
    await events.close();
    await queue.close();
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await connection.quit();
    await eventsConnection.quit().catch(() => undefined);
  }
}

async function dropPrefix() {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

try {
  console.log(`sync latency: ${CONCURRENCY} concurrent clients for ${SECONDS} s each, text of ${[...TEXT].length} characters, Redis ${REDIS_URL}\n`);
  const raw = await benchRawBullmq();
  const service = await benchService();
  const row = (label, r) =>
    console.log(`${label.padEnd(40)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${r.perSecond.toFixed(0).padStart(8)} ${String(r.total).padStart(8)} ${String(r.bad).padStart(6)}`);
  console.log(`${''.padEnd(40)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'req/s'.padStart(8)} ${'total'.padStart(8)} ${'errors'.padStart(6)}`);
  row('raw BullMQ add + waitUntilFinished', raw);
  row('POST /v1/text/moderate (API + worker)', service);
  console.log(`\np99 ratio: ${(service.p99 / raw.p99).toFixed(2)}× the raw round trip (aim ≤ 3×)`);
} finally {
  await dropPrefix();
}
