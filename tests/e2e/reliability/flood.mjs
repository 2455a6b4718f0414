// `npm run reliability` (the long form): real API and worker processes on loopback, a steady load of
// text jobs for several minutes, then a report: accepted, completed, lost, duplicated, 5xx, latency
// percentiles and the memory of each process over time. Options: --minutes 3 --rate 3000 (jobs per
// minute) --workers 2. Uses REDIS_URL or 127.0.0.1:6379 with a key prefix of its own, removed at the end.
// --kills N SIGKILLs a worker N times during the load (each replaced at once); every job then asks for
// its terminal webhook event at a receiver on loopback, and the report counts the finished jobs whose
// event never came (lost) or came under two ids (duplicated).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '3' }, rate: { type: 'string', default: '3000' }, workers: { type: 'string', default: '2' }, kills: { type: 'string', default: '0' } },
});
const MINUTES = Number(values.minutes);
const RATE = Number(values.rate);
const WORKERS = Number(values.workers);
const KILLS = Number(values.kills);
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
// Terminal events by job id: the distinct webhook ids and how many deliveries in all.
const terminal = new Map();
let receiverUrl = null;
let receiver = null;
if (KILLS > 0) {
  receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const entry = terminal.get(event.data.id) ?? { ids: new Set(), deliveries: 0 };
      entry.ids.add(req.headers['webhook-id']);
      entry.deliveries++;
      terminal.set(event.data.id, entry);
      res.end();
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${receiver.address().port}/hooks`;
}
// Short stall settings when workers are killed, so their jobs go to the others within seconds.
const stalls = KILLS > 0 ? { WORKER_LOCK_MS: '3000', WORKER_STALLED_INTERVAL_MS: '1000', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } : {};
const env = { ...process.env, REDIS_URL, REDIS_PREFIX: prefix, API_KEYS: `flood:${KEY}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', METRICS_PORT: '0', WORKER_PLUGINS: 'text-moderation', DATA_DIR: `/tmp/${prefix}`, ...stalls };
const api = spawn(process.execPath, [`${ROOT}/apps/api/dist/main.js`], { env, stdio: ['ignore', 'ignore', 'inherit'] });
const startWorker = () => spawn(process.execPath, [`${ROOT}/apps/worker/dist/main.js`], { env, stdio: ['ignore', 'ignore', 'inherit'] });
const workers = Array.from({ length: WORKERS }, startWorker);
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
const refusals = {};
const total = Math.round(MINUTES * RATE);
const interval = 60_000 / RATE;
const started = Date.now();
console.log(`flood: ${total} jobs over ${MINUTES} min (${RATE}/min) against 1 API and ${WORKERS} workers${KILLS ? `, ${KILLS} worker SIGKILLs` : ''}…`);
let inflight = 0;
let kills = 0;
// The kills fall evenly over the load; each takes a worker down mid-stream and starts another.
const killEvery = Math.max(1, Math.floor(total / (KILLS + 1)));
for (let i = 0; i < total; i++) {
  if (KILLS > 0 && i > 0 && i % killEvery === 0 && kills < KILLS) {
    const victim = kills % workers.length;
    workers[victim].kill('SIGKILL');
    workers[victim] = startWorker();
    kills++;
  }
  const due = started + i * interval;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  inflight++;
  fetch(`${base}/v1/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      task: 'text.moderate',
      input: { text: `${TEXTS[i % TEXTS.length]} #${i}` },
      ...(receiverUrl ? { webhook: { url: receiverUrl, events: ['job.completed', 'job.failed'] } } : {}),
    }),
  })
    .then(async (res) => {
      if (res.status === 202) accepted.push((await res.json()).id);
      else if (res.status >= 500) serverErrors++;
      else {
        otherErrors++;
        refusals[res.status] = (refusals[res.status] ?? 0) + 1;
      }
    })
    .catch((err) => {
      otherErrors++;
      refusals[err.cause?.code ?? err.name] = (refusals[err.cause?.code ?? err.name] ?? 0) + 1;
    })
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
    // Processed more than once (a stall re-run, a second worker) would be a duplicated result; with
    // workers killed on purpose, the jobs they held run again by design and are counted apart.
    if ((job.attemptsStarted ?? 1) > 1 || (job.stalledCounter ?? 0) > 0) duplicated++;
    latencies.push(job.finishedOn - job.timestamp);
  }
}
const rerun = KILLS > 0 ? duplicated : 0;
if (KILLS > 0) duplicated = 0;
// Every finished job's terminal event, once: wait for them (the reconciler settles jobs a killed worker
// left unsettled within RECONCILE_INTERVAL_MS), then count what never came and what came twice.
let eventsLost = 0;
let eventsDuplicated = 0;
let redelivered = 0;
if (KILLS > 0) {
  const missing = () => accepted.filter((id) => !terminal.has(id)).length;
  for (let i = 0; i < 240 && missing() > 0; i++) await new Promise((r) => setTimeout(r, 500));
  eventsLost = missing();
  if (eventsLost) console.log(`jobs without their terminal event (prefix ${prefix}): ${accepted.filter((id) => !terminal.has(id)).slice(0, 10).join(' ')}`);
  for (const entry of terminal.values()) {
    if (entry.ids.size > 1) eventsDuplicated++;
    redelivered += entry.deliveries - entry.ids.size;
  }
}
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;

for (const p of [api, ...workers]) p.kill('SIGTERM');
await Promise.all([api, ...workers].map((p) => new Promise((r) => p.once('exit', r))));
// FLOOD_KEEP_KEYS=1 leaves the run's keys for a look at what went wrong (delete them by the prefix after).
let cursor = '0';
if (!process.env.FLOOD_KEEP_KEYS) do {
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
  other refusals  ${otherErrors}${otherErrors ? ` (${Object.entries(refusals).map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}${
    KILLS > 0
      ? `
  worker kills    ${kills} (SIGKILL); jobs run again after a kill: ${rerun}
  terminal events ${terminal.size} jobs with one; lost ${eventsLost}; duplicated ${eventsDuplicated}; same event delivered again ${redelivered}`
      : ''
  }
  latency         p50 ${pct(50)} ms, p99 ${pct(99)} ms (accepted → finished)
  memory (RSS)    api ${fmt(first.api)} → ${fmt(last.api)}; workers ${first.workers.map(fmt).join(', ')} → ${last.workers.map(fmt).join(', ')}
  memory samples  ${memory.map((m) => `${fmt(m.api)}/${m.workers.map(fmt).join('/')}`).join('  ')}`);
receiver?.closeAllConnections();
receiver?.close();
process.exit(lost || duplicated || serverErrors || eventsLost || eventsDuplicated ? 1 : 0);
