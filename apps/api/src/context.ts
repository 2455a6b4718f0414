import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  ApiKeyStore,
  catalog,
  createRedis,
  JobStore,
  QueueRegistry,
  redisKeys,
  TextPolicyStore,
  WebhookSecretStore,
  type Config,
  type Logger,
  type RedisKeys,
  type Resolver,
  type TaskName,
} from '@crs/core';

/** Everything a handler may use; built once per process (or per test). */
export interface ApiContext {
  config: Config;
  logger: Logger;
  redis: Redis;
  keys: RedisKeys;
  queues: QueueRegistry;
  jobs: JobStore;
  apiKeys: ApiKeyStore;
  secrets: WebhookSecretStore;
  textPolicy: TextPolicyStore;
  /** Completion events per task, for `Prefer: wait` and the sync endpoints. */
  events: Map<TaskName, QueueEvents>;
  /** DNS resolver for webhook URL checks; injectable so tests never resolve real names. */
  resolve?: Resolver;
  close(): Promise<void>;
}

export async function createContext(config: Config, logger: Logger, resolve?: Resolver): Promise<ApiContext> {
  // Request handlers must answer 503 while Redis is away, not hang: fail fast.
  const redis = createRedis(config.redis.url, { failFast: true, logger });
  const keys = redisKeys(config.redis.prefix);
  const queues = new QueueRegistry({ connection: redis, prefix: config.redis.prefix, retentionSeconds: config.jobs.retentionSeconds });
  const events = new Map<TaskName, QueueEvents>();
  // One blocking connection per QueueEvents; BullMQ leaves connections it was given open, so close() does.
  const eventConnections: Redis[] = [];
  // Listening from start-up (not on first wait) so no completion slips by unseen.
  for (const task of Object.keys(catalog) as TaskName[]) {
    const connection = createRedis(config.redis.url, { logger });
    eventConnections.push(connection);
    const qe = new QueueEvents(catalog[task].queue, { connection, prefix: config.redis.prefix });
    qe.on('error', (err) => logger.warn({ queue: qe.name, err: err.message }, 'queue events connection error'));
    events.set(task, qe);
  }
  await Promise.all([...events.values()].map((qe) => qe.waitUntilReady()));
  return {
    config,
    logger,
    redis,
    keys,
    queues,
    jobs: new JobStore(redis, keys),
    apiKeys: new ApiKeyStore(redis, keys, config.auth.apiKeys),
    secrets: new WebhookSecretStore(redis, keys),
    textPolicy: new TextPolicyStore(redis, keys),
    events,
    resolve,
    async close() {
      await Promise.all([...events.values()].map((qe) => qe.close()));
      for (const connection of eventConnections) connection.disconnect();
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
