#!/usr/bin/env node
// Sync text moderation under concurrent load (autocannon against POST /v1/text/moderate, API and
// worker as their own processes) next to a raw BullMQ add + waitUntilFinished round trip at the
// same concurrency, on the same Redis, in the same run. Loopback only. The two take turns, a few
// rounds each way in alternating order, so a slow minute of the shared machine falls on both
// sides; the figures are each round's and their medians.
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
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

/** The API and a text worker as their own processes; `run(seconds)` loads the sync endpoint with autocannon. */
async function startService() {
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
  const close = async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
  };
  const url = `http://127.0.0.1:${port}/v1/text/moderate`;
  const request = { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXT }) };
  try {
    await waitFor(async () => (await fetch(url, request)).status === 200, 'the API and worker');
  } catch (err) {
    await close();
    throw err;
  }
  const run = async (seconds) => {
    const result = await autocannon({ url, ...request, connections: CONCURRENCY, duration: seconds });
    const bad = result.non2xx + result.errors + result.timeouts;
    return { p50: result.latency.p50, p99: result.latency.p99, perSecond: result.requests.total / seconds, total: result.requests.total, bad };
  };
  return { run, close };
}

/** A bare BullMQ worker in its own process and a Queue + QueueEvents here; `run(seconds)` keeps CONCURRENCY round trips going. */
async function startRawBullmq() {
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

  const run = async (seconds) => {
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
    const latencies = [];
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < until) {
          const started = performance.now();
          if (await roundTrip()) latencies.push(performance.now() - started);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: latencies.length / seconds, total: latencies.length, bad };
  };
  const close = async () => {
    await events.close();
    await queue.close();
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await connection.quit();
    await eventsConnection.quit().catch(() => undefined);
  };
  return { run, close };
}

/**
 * What the service keeps in Redis, by MEMORY USAGE over every key under its prefix (the raw
 * baseline's queue left out): the event streams (shared, capped) apart from the rest.
 */
async function serviceBytes() {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  const bytes = { streams: 0, other: 0 };
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      if (key.startsWith(`${PREFIX}:raw-baseline:`)) continue;
      const size = (await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0;
      bytes[key.endsWith(':events') ? 'streams' : 'other'] += Number(size);
    }
  } while (cursor !== '0');
  await redis.quit();
  return bytes;
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

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const row = (label, r) =>
  console.log(`${label.padEnd(48)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${r.perSecond.toFixed(0).padStart(8)} ${String(r.total).padStart(8)} ${String(r.bad).padStart(6)}`);

console.log(
  `sync latency: ${CONCURRENCY} concurrent clients, text of ${[...TEXT].length} characters, Redis ${REDIS_URL}; ` +
    `${ROUNDS} rounds of ${SECONDS} s each way, the order alternating, since this machine's speed drifts from minute to minute\n`,
);
console.log(`${''.padEnd(48)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'req/s'.padStart(8)} ${'total'.padStart(8)} ${'errors'.padStart(6)}`);
const sides = {
  raw: { label: 'raw BullMQ add + waitUntilFinished', start: startRawBullmq, runs: [] },
  service: { label: 'POST /v1/text/moderate (API + worker)', start: startService, runs: [] },
};
// Each side runs alone: started, warmed up, measured and stopped, so the other's processes,
// idle or not, take nothing from it.
const memory = { requests: 0, before: null, after: null };
const measure = async (side) => {
  const bench = await side.start();
  const service = side === sides.service;
  try {
    if (service && !memory.before) memory.before = await serviceBytes();
    const warm = await bench.run(2); // warm-up
    side.runs.push(await bench.run(SECONDS));
    if (service) memory.requests += warm.total + side.runs.at(-1).total;
  } finally {
    await bench.close();
  }
  // After the processes are gone, so every call they answered has finished writing.
  if (service) memory.after = await serviceBytes();
};
const ratios = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const side of round % 2 ? [sides.raw, sides.service] : [sides.service, sides.raw]) await measure(side);
    for (const side of [sides.raw, sides.service]) row(`round ${round}: ${side.label}`, side.runs.at(-1));
    ratios.push(sides.service.runs.at(-1).p99 / sides.raw.runs.at(-1).p99);
    console.log(`round ${round}: p99 ratio ${ratios.at(-1).toFixed(2)}×`);
  }
  console.log('\nmedian of the rounds:');
  for (const side of [sides.raw, sides.service]) {
    const pick = (k) => median(side.runs.map((r) => r[k]));
    row(side.label, { p50: pick('p50'), p99: pick('p99'), perSecond: pick('perSecond'), total: side.runs.reduce((a, r) => a + r.total, 0), bad: side.runs.reduce((a, r) => a + r.bad, 0) });
  }
  console.log(`\np99 ratio: ${median(ratios).toFixed(2)}× the raw round trip, median of the rounds (${ratios.map((r) => r.toFixed(2)).join(', ')}); aim ≤ 3×`);
  const per = (k) => (memory.after[k] - memory.before[k]) / memory.requests;
  console.log(
    `Redis kept per sync request (MEMORY USAGE over the service's keys, ${memory.requests} requests): ` +
      `${per('other').toFixed(0)} bytes in call records and jobs (aim ≤ 600; 6 KB before compact call records), ` +
      `plus ${per('streams').toFixed(0)} bytes in the queues' event streams (capped at their maxLen, so this share shrinks as runs grow)`,
  );
} finally {
  await dropPrefix();
}
