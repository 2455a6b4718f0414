import { checkEvictionPolicy, createLogger, createRedis, loadConfig, waitForRedis } from '@crs/core';
import { createWorkerHost } from './createWorkerHost.js';
import { loadPlugins } from './plugins/registry.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('worker', config.log.level);
  const probe = createRedis(config.redis.url);
  await waitForRedis(probe, 30_000);
  await checkEvictionPolicy(probe, logger);
  probe.disconnect();

  const host = await createWorkerHost({ config, logger, plugins: await loadPlugins(config.worker.plugins) });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new jobs, waiting for active ones');
    // Past the deadline, close hard: the lock lapses and another worker picks the job up.
    const deadline = setTimeout(() => {
      logger.warn('active jobs did not finish in time; closing hard');
      host.close({ force: true }).finally(() => process.exit(1));
    }, config.worker.shutdownTimeoutMs);
    host
      .close()
      .then(() => {
        clearTimeout(deadline);
        logger.info('worker stopped');
        process.exit(0);
      })
      .catch((err) => {
        logger.error({ err: (err as Error).message }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error(`worker failed to start: ${(err as Error).message}`);
  process.exit(1);
});
