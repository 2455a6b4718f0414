// `npm run keys -- create --tenant NAME | list [--tenant NAME] | revoke ID`
import { parseArgs } from 'node:util';
import { ensureBuilt } from './lib/build.mjs';

const USAGE = `usage:
  npm run keys -- create --tenant NAME [--qps N]   print a new API key for NAME (shown once; stored hashed),
                                                   allowed N requests per second (default DEFAULT_KEY_QPS; 0 = unlimited)
  npm run keys -- limit ID --qps N|default         change a key's requests per second
  npm run keys -- list [--tenant NAME]             list key ids, tenants, QPS and creation times
  npm run keys -- revoke ID                        revoke the key with that id`;

const { values, positionals } = parseArgs({
  options: { tenant: { type: 'string' }, qps: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
});
const [command, arg] = positionals;
if (values.help || !['create', 'limit', 'list', 'revoke'].includes(command)) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

ensureBuilt();
const { ApiKeyStore, createRedis, isValidTenant, loadConfig, redisKeys } = await import('../packages/core/dist/index.js');
const config = loadConfig();
const redis = createRedis(config.redis);
redis.on('error', () => {});
const store = new ApiKeyStore(redis, redisKeys(config.redis.prefix), [], config.auth.defaultQps);
const qps = values.qps === undefined || values.qps === 'default' ? undefined : Number(values.qps);
let code = 0;
try {
  if (command === 'create') {
    if (!values.tenant || !isValidTenant(values.tenant)) {
      console.error('create needs --tenant NAME (1-64 characters of A-Z a-z 0-9 _ . -)');
      code = 2;
    } else {
      const { key, info } = await store.create(values.tenant, { qps });
      console.error(`created key ${info.id} for tenant ${info.tenant} (${(info.qps ?? config.auth.defaultQps) || "unlimited"} requests/s); it is shown only now:`);
      console.log(key);
    }
  } else if (command === 'list') {
    for (const k of await store.list(values.tenant)) {
      console.log(`${k.id}\t${k.tenant}\t${k.qps ?? `default(${config.auth.defaultQps || 'unlimited'})`} qps\t${k.createdAt}`);
    }
  } else if (command === 'limit') {
    if (!arg || values.qps === undefined) {
      console.error('limit needs the key id and --qps N (or --qps default)');
      code = 2;
    } else if (await store.setQps(arg, qps ?? null)) {
      console.log(`key ${arg}: ${qps ?? 'default'} requests/s`);
    } else {
      console.error(`no key with id ${arg}`);
      code = 1;
    }
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
