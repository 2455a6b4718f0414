// `npm run keys -- create --tenant NAME | list [--tenant NAME] | revoke ID`
import { parseArgs } from 'node:util';
import { ensureBuilt } from './lib/build.mjs';

const USAGE = `usage:
  npm run keys -- create --tenant NAME   print a new API key for NAME (shown once; stored hashed)
  npm run keys -- list [--tenant NAME]   list key ids, tenants and creation times
  npm run keys -- revoke ID              revoke the key with that id`;

const { values, positionals } = parseArgs({
  options: { tenant: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
});
const [command, arg] = positionals;
if (values.help || !['create', 'list', 'revoke'].includes(command)) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

ensureBuilt();
const { ApiKeyStore, createRedis, isValidTenant, loadConfig, redisKeys } = await import('../packages/core/dist/index.js');
const config = loadConfig();
const redis = createRedis(config.redis.url);
redis.on('error', () => {});
const store = new ApiKeyStore(redis, redisKeys(config.redis.prefix));
let code = 0;
try {
  if (command === 'create') {
    if (!values.tenant || !isValidTenant(values.tenant)) {
      console.error('create needs --tenant NAME (1-64 characters of A-Z a-z 0-9 _ . -)');
      code = 2;
    } else {
      const { key, info } = await store.create(values.tenant);
      console.error(`created key ${info.id} for tenant ${info.tenant}; it is shown only now:`);
      console.log(key);
    }
  } else if (command === 'list') {
    for (const k of await store.list(values.tenant)) console.log(`${k.id}\t${k.tenant}\t${k.createdAt}`);
  } else if (!arg) {
    console.error('revoke needs the key id shown by "list"');
    code = 2;
  } else if (await store.revoke(arg)) {
    console.log(`revoked ${arg}`);
  } else {
    console.error(`no key with id ${arg}`);
    code = 1;
  }
} catch (err) {
  console.error(`keys: ${err.message}`);
  code = 1;
} finally {
  redis.disconnect();
}
process.exit(code);
