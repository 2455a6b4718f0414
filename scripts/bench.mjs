// `npm run bench`: the text engine's throughput, then sync latency against a raw BullMQ round
// trip. Builds first; uses REDIS_URL or 127.0.0.1:6379, starting a throwaway redis-server if none answers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, ROOT } from './lib/build.mjs';
import { hasRedisServer, pingRedis, startLocalRedis } from './lib/redis.mjs';

ensureBuilt();
const run = (script) => spawnSync(process.execPath, [script], { cwd: ROOT, stdio: 'inherit', env: process.env }).status;
console.log('== text engine ==');
if (run('plugins/text-moderation/scripts/bench.mjs') !== 0) process.exit(1);

let redis = null;
let tmp = null;
if (!process.env.REDIS_URL && !(await pingRedis('127.0.0.1', 6379))) {
  if (!hasRedisServer()) {
    console.error('the sync benchmark needs Redis: install redis-server or set REDIS_URL');
    process.exit(1);
  }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'crs-bench-redis-'));
  redis = await startLocalRedis(tmp);
}
console.log('\n== sync endpoint ==');
const status = run('tests/e2e/bench/sync.mjs');
if (redis) {
  redis.kill('SIGTERM');
  await new Promise((r) => redis.once('exit', r));
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(status ?? 1);
