import type { Server } from 'node:http';
import { checkEvictionPolicy, warnIfLegacyPrefixInUse, createLogger, loadConfig, waitForRedis } from '@crs/core';
import { createApp } from './createApp.js';
import { createContext } from './context.js';
import { API_DRAIN_MS } from './drain.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api', config.log.level);
  const ctx = await createContext(config, logger);
  await waitForRedis(ctx.redis, 30_000);
  await checkEvictionPolicy(ctx.redis, logger);
  await warnIfLegacyPrefixInUse(ctx.redis, config.redis.prefix, logger);
  if (!config.auth.adminToken) logger.warn('ADMIN_TOKEN is not set: /admin/queues stays closed');
  if (!config.auth.apiKeys.length) logger.info('API_KEYS is empty: only keys made with "npm run keys -- create" work');

  const app = createApp(ctx);
  const server: Server = app.listen(config.server.port, config.server.host, () => {
    logger.info({ port: config.server.port, host: config.server.host }, 'api listening');
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api shutting down');
    server.close(() => {
      ctx.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), API_DRAIN_MS).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error(`api failed to start: ${(err as Error).message}`);
  process.exit(1);
});
