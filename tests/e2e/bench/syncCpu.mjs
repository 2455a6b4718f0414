#!/usr/bin/env node
// API CPU per sync call, SYNC_COMPLETION=queue-events (every queue's BullMQ events read by the API, as
// before) against channel (the worker publishes a sync job's finish on the waiting API's own
// channel), in the same run. The API and a text worker run as their own processes; meanwhile jobs of
// another task (image.moderate, completed at once by a bare BullMQ worker) flow at a fixed rate, so
// that queue's events are there to be read or not. CPU is the API process's own process.cpuUsage()
// (prom-client's crs_api_process_cpu_seconds_total on its /metrics), read before and after N calls.
// Rounds alternate the order, since this shared machine's speed drifts. Loopback only.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CALLS = Number(process.env.BENCH_CALLS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Jobs per second of the other task, the same whatever the API does. */
const OTHER_RATE = Number(process.env.BENCH_OTHER_RATE ?? 200);
const PREFIX = `benchcpu-${randomBytes(3).toString('hex')}`;
const KEY = 'bench-key-0123456789abcdef';
const TEXT = '欢迎光临本店，新品上市，全场八折。有问题请在评论区留言，我们会尽快回复。加 微*信 领取优惠券。';

const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

async function waitFor(check, what, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Another task's jobs at OTHER_RATE a second, answered at once by a bare worker: events the API may read. */
async function startOtherQueue() {
  const queueName = 'image.moderate';
  const worker = fork(fileURLToPath(new URL('rawWorker.mjs', import.meta.url)), {
    env: { ...process.env, REDIS_URL, PREFIX, QUEUE: queueName, CONCURRENCY: '32' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => worker.once('message', resolve));
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix: PREFIX });
  let added = 0;
  const perTick = Math.max(1, Math.round(OTHER_RATE / 10));
  const timer = setInterval(() => {
    const jobs = Array.from({ length: perTick }, () => ({ name: 'other', data: { n: added++ }, opts: { removeOnComplete: true } }));
    queue.addBulk(jobs).catch(() => undefined);
  }, 100);
  return {
    added: () => added,
    async close() {
      clearInterval(timer);
      await queue.close();
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
      await connection.quit();
    },
  };
}

async function startService(mode) {
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
    WORKER_PLUGINS: 'text-moderation',
    METRICS_PORT: '0',
    SYNC_COMPLETION: mode,
  };
  const children = [
    spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] }),
    spawn(process.execPath, ['apps/worker/dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] }),
  ];
  const close = async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
  };
  const base = `http://127.0.0.1:${port}`;
  const request = { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXT }) };
  const cpuSeconds = async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const match = /^crs_api_process_cpu_seconds_total (\S+)$/m.exec(text);
    if (!match) throw new Error('the API /metrics has no crs_api_process_cpu_seconds_total');
    return Number(match[1]);
  };
  try {
    await waitFor(async () => (await fetch(`${base}/v1/text/moderate`, request)).status === 200, 'the API and worker');
  } catch (err) {
    await close();
    throw err;
  }
  const run = async (amount) => {
    const result = await autocannon({ url: `${base}/v1/text/moderate`, ...request, connections: CONCURRENCY, amount });
    return { total: result.requests.total, bad: result.non2xx + result.errors + result.timeouts, seconds: result.duration };
  };
  return { run, cpuSeconds, close };
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

const modes = {
  'queue-events': { label: 'before: API reads every queue\'s events', perCall: [] },
  channel: { label: 'after: finish on the API\'s own channel', perCall: [] },
};
console.log(
  `API CPU per sync call: ${CALLS} calls of POST /v1/text/moderate per round at ${CONCURRENCY} concurrent clients, ` +
    `image.moderate jobs flowing at ${OTHER_RATE}/s meanwhile; ${ROUNDS} rounds, the order alternating (shared machine: figures drift, compare within a round)\n`,
);
const other = await startOtherQueue();
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 ? ['queue-events', 'channel'] : ['channel', 'queue-events'];
    for (const mode of order) {
      const service = await startService(mode);
      try {
        await service.run(200); // warm-up
        const before = await service.cpuSeconds();
        const othersBefore = other.added();
        const { total, bad, seconds } = await service.run(CALLS);
        const cpu = (await service.cpuSeconds()) - before;
        const perCall = (cpu * 1e6) / total;
        modes[mode].perCall.push(perCall);
        console.log(
          `round ${round}: ${modes[mode].label.padEnd(42)} ${perCall.toFixed(0).padStart(6)} µs CPU/call  ` +
            `(${total} calls in ${seconds} s, ${bad} errors; ${other.added() - othersBefore} other jobs meanwhile)`,
        );
      } finally {
        await service.close();
      }
    }
  }
  const before = median(modes['queue-events'].perCall);
  const after = median(modes.channel.perCall);
  console.log(`\nmedian API CPU per sync call: before ${before.toFixed(0)} µs, after ${after.toFixed(0)} µs (${((1 - after / before) * 100).toFixed(0)} % less)`);
} finally {
  await other.close();
  await dropPrefix();
}
