import { checkEvictionPolicy, warnIfLegacyPrefixInUse, createLogger, createRedis, loadConfig, startTracing, waitForRedis } from '@crs/core';
import { createWorkerHost } from './createWorkerHost.js';
import { loadPlugins } from './plugins/registry.js';
import { installGracefulShutdown } from './shutdown.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('worker', config.log.level);
  // Before any queue or worker exists; nothing is loaded without an OTLP endpoint.
  const tracing = await startTracing('crs-worker');
  if (tracing.enabled) logger.info('tracing: spans go to the OTLP endpoint');
  const probe = createRedis(config.redis, { logger });
  await waitForRedis(probe, 30_000);
  await checkEvictionPolicy(probe, logger);
  await warnIfLegacyPrefixInUse(probe, config.redis.prefix, logger);
  probe.disconnect();

  const host = await createWorkerHost({ config, logger, plugins: await loadPlugins(config.worker.plugins) });
  // The spans still batched are sent before the process goes.
  const exit = (code: number) => void tracing.shutdown().finally(() => process.exit(code));
  installGracefulShutdown(host, { logger, timeoutMs: config.worker.shutdownTimeoutMs, exit });
}

main().catch((err) => {
  console.error(`worker failed to start: ${(err as Error).message}`);
  process.exit(1);
});
