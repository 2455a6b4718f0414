// `npm start`: builds if needed, makes sure Redis answers (starting one if it can), then runs API + worker.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildWithProgress, ROOT } from './lib/build.mjs';
import { hasRedisServer, pingRedis, startLocalRedis } from './lib/redis.mjs';

const env = { ...process.env };
const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const wait = setInterval(() => {
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) {
      clearInterval(wait);
      process.exit(code);
    }
  }, 100);
}

async function ensureRedis() {
  if (env.REDIS_URL) return null;
  if (await pingRedis('127.0.0.1', 6379)) {
    console.log('using Redis on 127.0.0.1:6379');
    return null;
  }
  if (!hasRedisServer()) {
    console.error(
      [
        'Redis is not running on 127.0.0.1:6379 and redis-server is not installed.',
        'Either install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) and run npm start again,',
        'set REDIS_URL to a Redis you already have, or run everything in containers with: docker compose up',
      ].join('\n'),
    );
    process.exit(1);
  }
  const dataDir = env.DATA_DIR || path.join(ROOT, '.data');
  console.log(`starting redis-server on 127.0.0.1:6379 (append-only file in ${path.join(dataDir, 'redis')})`);
  return startLocalRedis(dataDir);
}

await buildWithProgress();
const redis = await ensureRedis();
if (redis) {
  children.push(redis);
}
for (const app of ['api', 'worker']) {
  const child = spawn(process.execPath, [path.join(ROOT, 'apps', app, 'dist', 'main.js')], { env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${app} exited (${signal ?? code}); stopping the rest`);
      stopAll(code || 1);
    }
  });
  children.push(child);
}
// Redis last: API and worker must finish their jobs against it first.
if (redis) children.push(children.shift());
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
announceWhenReady();

/** Waits for /readyz (Redis answers and a worker serves tasks), then says in plain words where everything is. */
async function announceWhenReady() {
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const base = `http://${host}:${env.PORT || 8080}`;
  const started = Date.now();
  let warned = false;
  while (!stopping) {
    const res = await fetch(`${base}/readyz`).catch(() => null);
    const body = res ? await res.json().catch(() => null) : null;
    if (res?.ok) break;
    if (!warned && Date.now() - started > 60_000) {
      warned = true;
      console.log(`still starting: ${base}/readyz says ${body ? JSON.stringify(body.checks) : 'nothing yet'}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (stopping) return;
  const admin = env.ADMIN_TOKEN ? 'password ADMIN_TOKEN' : 'closed until ADMIN_TOKEN is set';
  const ops = env.OPERATOR_TOKEN || env.ADMIN_TOKEN ? 'OPERATOR_TOKEN or ADMIN_TOKEN' : 'closed until OPERATOR_TOKEN or ADMIN_TOKEN is set';
  console.log(
    [
      '',
      '──────────────────────────────────────────────────────────────',
      ` CRS is ready (${Math.round((Date.now() - started) / 1000)} s after the build)`,
      '',
      ` API               ${base}/v1/…   (health: ${base}/readyz)`,
      ` API reference     ${base}/openapi.json`,
      ` Operator pages    ${base}/ops (${ops}), ${base}/admin/queues (${admin})`,
      ` Create an API key npm run keys -- create --tenant demo`,
      ` Try it            curl -s ${base}/v1/text/moderate -H "Authorization: Bearer $KEY" \\`,
      `                     -H 'Content-Type: application/json' -d '{"text":"hello"}'`,
      '',
      ` Ctrl+C stops ${redis ? 'the API, the worker and the Redis started here' : 'the API and the worker'}.`,
      '──────────────────────────────────────────────────────────────',
      '',
    ].join('\n'),
  );
}
