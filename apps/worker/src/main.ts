import { checkEvictionPolicy, warnIfLegacyPrefixInUse, createLogger, createRedis, loadConfig, waitForRedis } from '@crs/core';
import { createWorkerHost } from './createWorkerHost.js';
import { loadPlugins } from './plugins/registry.js';
import { installGracefulShutdown } from './shutdown.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('worker', config.log.level);
  const probe = createRedis(config.redis, { logger });
  await waitForRedis(probe, 30_000);
  await checkEvictionPolicy(probe, logger);
  await warnIfLegacyPrefixInUse(probe, config.redis.prefix, logger);
  probe.disconnect();

  const host = await createWorkerHost({ config, logger, plugins: await loadPlugins(config.worker.plugins) });
  installGracefulShutdown(host, { logger, timeoutMs: config.worker.shutdownTimeoutMs });
}

main().catch((err) => {
  console.error(`worker failed to start: ${(err as Error).message}`);
  process.exit(1);
});
