// `npm run reliability` (the long form): real API and worker processes on loopback, a steady load of
// text jobs for several minutes, then a report: accepted, completed, lost, duplicated, 5xx, latency
// percentiles and the memory of each process over time. Options: --minutes 3 --rate 3000 (jobs per
// minute) --workers 2. Uses REDIS_URL or 127.0.0.1:6379 with a key prefix of its own, removed at the end.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '3' }, rate: { type: 'string', default: '3000' }, workers: { type: 'string', default: '2' } } });
const MINUTES = Number(values.minutes);
const RATE = Number(values.rate);
const WORKERS = Number(values.workers);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `flood-${randomBytes(4).toString('hex')}`;
const KEY = 'flood-key-0123456789abcdef';

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const env = { ...process.env, REDIS_URL, REDIS_PREFIX: prefix, API_KEYS: `flood:${KEY}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', METRICS_PORT: '0', WORKER_PLUGINS: 'text-moderation', DATA_DIR: `/tmp/${prefix}` };
const api = spawn(process.execPath, [`${ROOT}/apps/api/dist/main.js`], { env, stdio: ['ignore', 'ignore', 'inherit'] });
const workers = Array.from({ length: WORKERS }, () => spawn(process.execPath, [`${ROOT}/apps/worker/dist/main.js`], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  if ((await fetch(`${base}/readyz`).catch(() => null))?.ok) break;
  await new Promise((r) => setTimeout(r, 200));
}
await new Promise((r) => setTimeout(r, 2000)); // workers' plugins

const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const memory = [];
const sample = () => memory.push({ at: Date.now(), api: rss(api.pid), workers: workers.map((w) => rss(w.pid)) });
sample();
const sampler = setInterval(sample, 10_000);

const TEXTS = ['加微信 abc12345 领红包', '今天天气很好', 'you idiot', '代开发票 13812345678', 'a perfectly fine sentence', '色情视频免费看'];
const accepted = [];
let serverErrors = 0;
let otherErrors = 0;
const total = Math.round(MINUTES * RATE);
const interval = 60_000 / RATE;
const started = Date.now();
console.log(`flood: ${total} jobs over ${MINUTES} min (${RATE}/min) against 1 API and ${WORKERS} workers…`);
let inflight = 0;
for (let i = 0; i < total; i++) {
  const due = started + i * interval;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  inflight++;
  fetch(`${base}/v1/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ task: 'text.moderate', input: { text: `${TEXTS[i % TEXTS.length]} #${i}` } }),
  })
    .then(async (res) => {
      if (res.status === 202) accepted.push((await res.json()).id);
      else if (res.status >= 500) serverErrors++;
      else otherErrors++;
    })
    .catch(() => otherErrors++)
    .finally(() => inflight--);
}
while (inflight > 0) await new Promise((r) => setTimeout(r, 50));
const loadSeconds = (Date.now() - started) / 1000;

// Wait for the queue to drain (bounded), then read every accepted job back from BullMQ.
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue('text.moderate', { connection, prefix });
for (let i = 0; i < 600; i++) {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  if (Object.values(counts).every((n) => n === 0)) break;
  await new Promise((r) => setTimeout(r, 500));
}
sample();
clearInterval(sampler);
let completed = 0;
let lost = 0;
let duplicated = 0;
const latencies = [];
for (let i = 0; i < accepted.length; i += 500) {
  const jobs = await Promise.all(accepted.slice(i, i + 500).map((id) => queue.getJob(id)));
  for (const job of jobs) {
    if (!job || !job.finishedOn || job.failedReason) {
      lost++;
      continue;
    }
    completed++;
    // Processed more than once (a stall re-run, a second worker) would be a duplicated result.
    if ((job.attemptsStarted ?? 1) > 1 || (job.stalledCounter ?? 0) > 0) duplicated++;
    latencies.push(job.finishedOn - job.timestamp);
  }
}
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;

for (const p of [api, ...workers]) p.kill('SIGTERM');
await Promise.all([api, ...workers].map((p) => new Promise((r) => p.once('exit', r))));
let cursor = '0';
do {
  const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
  cursor = next;
  if (keys.length) await connection.del(...keys);
} while (cursor !== '0');
await queue.close();
connection.disconnect();
fs.rmSync(`/tmp/${prefix}`, { recursive: true, force: true });

const first = memory[0];
const last = memory[memory.length - 1];
const fmt = (n) => `${n.toFixed(0)} MB`;
console.log(`
Reliability report (flood)
  load            ${total} jobs in ${loadSeconds.toFixed(0)} s (${((accepted.length / loadSeconds) * 60).toFixed(0)} accepted/min), ${WORKERS} worker processes
  accepted        ${accepted.length}
  completed       ${completed}
  lost            ${lost}
  duplicated      ${duplicated}
  5xx answers     ${serverErrors}
  other refusals  ${otherErrors}
  latency         p50 ${pct(50)} ms, p99 ${pct(99)} ms (accepted → finished)
  memory (RSS)    api ${fmt(first.api)} → ${fmt(last.api)}; workers ${first.workers.map(fmt).join(', ')} → ${last.workers.map(fmt).join(', ')}
  memory samples  ${memory.map((m) => `${fmt(m.api)}/${m.workers.map(fmt).join('/')}`).join('  ')}`);
process.exit(lost || duplicated || serverErrors ? 1 : 0);
