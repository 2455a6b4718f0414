import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { createApiMetrics, type ApiMetrics } from './metrics.js';
import {
  ApiKeyStore,
  AvailabilityRecorder,
  catalog,
  createBlobStore,
  createRedis,
  FaceLibrary,
  MediaIntake,
  JobStore,
  QueueRegistry,
  redisKeys,
  ReviewStore,
  TextPolicyStore,
  WebhookSecretStore,
  type BlobStore,
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
  reviews: ReviewStore;
  apiKeys: ApiKeyStore;
  secrets: WebhookSecretStore;
  textPolicy: TextPolicyStore;
  faces: FaceLibrary;
  blobs: BlobStore;
  intake: MediaIntake;
  availability: AvailabilityRecorder;
  metrics: ApiMetrics;
  /** Completion events per task, for `Prefer: wait` and the sync endpoints. */
  events: Map<TaskName, QueueEvents>;
  /** DNS resolver for webhook and media URL checks; injectable so tests never resolve real names. */
  resolve?: Resolver;
  close(): Promise<void>;
}

export interface ContextOptions {
  resolve?: Resolver;
  /** See UrlPolicy.isAllowedAddress; tests only. */
  isAllowedAddress?: (address: string) => boolean;
  blobs?: BlobStore;
}

export async function createContext(config: Config, logger: Logger, options: ContextOptions = {}): Promise<ApiContext> {
  const { resolve } = options;
  // Request handlers must answer 503 while Redis is away, not hang: fail fast.
  const redis = createRedis(config.redis, { failFast: true, logger });
  const keys = redisKeys(config.redis.prefix);
  const queues = new QueueRegistry({ connection: redis, prefix: config.redis.prefix, retentionSeconds: config.jobs.retentionSeconds });
  const events = new Map<TaskName, QueueEvents>();
  // One blocking connection per QueueEvents; BullMQ leaves connections it was given open, so close() does.
  const eventConnections: Redis[] = [];
  // Listening from start-up (not on first wait) so no completion slips by unseen.
  for (const task of Object.keys(catalog) as TaskName[]) {
    const connection = createRedis(config.redis, { logger });
    eventConnections.push(connection);
    const qe = new QueueEvents(catalog[task].queue, { connection, prefix: config.redis.prefix });
    qe.on('error', (err) => logger.warn({ queue: qe.name, err: err.message }, 'queue events connection error'));
    events.set(task, qe);
  }
  await Promise.all([...events.values()].map((qe) => qe.waitUntilReady()));
  const blobs = options.blobs ?? createBlobStore(config);
  const availability = new AvailabilityRecorder(redis, keys);
  const intake = new MediaIntake(blobs, config.media, {
    allowPrivateNetworks: config.media.fetch.allowPrivateNetworks,
    ...(resolve ? { resolve } : {}),
    ...(options.isAllowedAddress ? { isAllowedAddress: options.isAllowedAddress } : {}),
  });
  return {
    config,
    logger,
    redis,
    keys,
    queues,
    jobs: new JobStore(redis, keys),
    reviews: new ReviewStore(redis, keys, config.jobs.retentionSeconds),
    apiKeys: new ApiKeyStore(redis, keys, config.auth.apiKeys, config.auth.defaultQps),
    secrets: new WebhookSecretStore(redis, keys),
    textPolicy: new TextPolicyStore(redis, keys),
    faces: new FaceLibrary(redis, keys),
    blobs,
    intake,
    availability,
    metrics: createApiMetrics(queues),
    events,
    resolve,
    async close() {
      await availability.close();
      await Promise.all([...events.values()].map((qe) => qe.close()));
      for (const connection of eventConnections) connection.disconnect();
      await queues.close();
      await blobs.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
