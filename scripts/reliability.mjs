// `npm run reliability [-- --minutes 3 --rate 3000 --workers 2]`: the long form of the reliability
// suite (the short form runs with `npm test`). Builds first; uses REDIS_URL or 127.0.0.1:6379,
// starting a throwaway redis-server if none answers.
import { spawnSync } from 'node:child_process';
import { ensureBuilt, ROOT } from './lib/build.mjs';
import { ensureRedis } from './lib/redis.mjs';

ensureBuilt();
const stopRedis = await ensureRedis('the reliability run');
const status = spawnSync(process.execPath, ['tests/e2e/reliability/flood.mjs', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env: process.env }).status;
await stopRedis();
process.exit(status ?? 1);
