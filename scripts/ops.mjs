// `npm run ops -- compact-aof`
import { parseArgs } from 'node:util';
import { ensureBuilt } from './lib/build.mjs';

const USAGE = `usage:
  npm run ops -- compact-aof     rewrite Redis's append-only file (BGREWRITEAOF) and wait for it, so data
                                 deleted so far (DELETE /v1/jobs/:id, face deletes, expired jobs) is gone
                                 from the file on disk too; uses REDIS_URL`;

const { values, positionals } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
const [command] = positionals;
if (values.help || command !== 'compact-aof') {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

ensureBuilt();
const { compactAppendOnlyFile, createRedis, loadConfig, primaries, waitForRedis } = await import('../packages/core/dist/index.js');
const config = loadConfig();
const redis = createRedis(config.redis);
redis.on('error', () => {});
let code = 0;
try {
  await waitForRedis(redis, 30_000);
  // Each primary of a Cluster keeps its own append-only file.
  const nodes = primaries(redis);
  for (const node of nodes) {
    const where = nodes.length > 1 ? `${node.options.host}:${node.options.port}: ` : '';
    const outcome = await compactAppendOnlyFile(node);
    if (outcome.done) console.log(`${where}append-only file rewritten in ${outcome.seconds.toFixed(1)} s; deleted data is no longer in it`);
    else if (outcome.reason === 'aof_disabled') console.log(`${where}this Redis keeps no append-only file (appendonly no): nothing to rewrite`);
    else {
      console.error(`${where}${outcome.reason === 'timed_out' ? 'the rewrite did not finish within 10 minutes; check Redis' : 'Redis reported the rewrite failed; see its log'}`);
      code = 1;
    }
  }
} catch (err) {
  console.error(`ops: ${err.message}`);
  code = 1;
} finally {
  redis.disconnect();
}
process.exit(code);
