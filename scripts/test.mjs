// `npm test`: runs every workspace's tests against a real Redis. When REDIS_URL is unset and
// nothing answers on 127.0.0.1:6379, a throwaway redis-server is started for the run.
import { spawnSync } from 'node:child_process';
import { ROOT } from './lib/build.mjs';
import { ensureRedis } from './lib/redis.mjs';

const stopRedis = await ensureRedis('the tests');
const result = spawnSync(process.execPath, ['node_modules/turbo/bin/turbo', 'run', 'test', '--concurrency=1', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
});
await stopRedis();
process.exit(result.status ?? 1);
