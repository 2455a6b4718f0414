// `npm test`: runs every workspace's tests against a real Redis. When REDIS_URL is unset and
// nothing answers on 127.0.0.1:6379, a throwaway redis-server is started for the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib/build.mjs';
import { hasRedisServer, pingRedis, startLocalRedis } from './lib/redis.mjs';

let redis = null;
let tmp = null;
if (!process.env.REDIS_URL && !(await pingRedis('127.0.0.1', 6379))) {
  if (!hasRedisServer()) {
    console.error('the tests need Redis: install redis-server (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL');
    process.exit(1);
  }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'crs-test-redis-'));
  console.log('starting a throwaway redis-server on 127.0.0.1:6379 for the tests');
  redis = await startLocalRedis(tmp);
}
const result = spawnSync(process.execPath, ['node_modules/turbo/bin/turbo', 'run', 'test', '--concurrency=1', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
});
if (redis) {
  redis.kill('SIGTERM');
  await new Promise((r) => redis.once('exit', r));
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(result.status ?? 1);
