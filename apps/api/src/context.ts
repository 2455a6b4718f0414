import type { Redis } from 'ioredis';
import { FinishListener } from './jobs/finishListener.js';
import type { CompletionWatcher } from './jobs/finishWatch.js';
import { QueueEventsWatcher } from './jobs/queueEventsWatcher.js';
import { QueueEventsOnDemand } from './jobs/queueEventsOnDemand.js';
import { createApiMetrics, type ApiMetrics } from './metrics.js';
import {
  ApiKeyStore,
  AvailabilityRecorder,
  buildJobView,
  ClassifierStore,
  createBlobStore,
  createRedis,
  FaceLibrary,
  isTaskName,
  isTerminal,
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
  classifiers: ClassifierStore;
  faces: FaceLibrary;
  blobs: BlobStore;
  intake: MediaIntake;
  availability: AvailabilityRecorder;
  metrics: ApiMetrics;
  /** How the finish of a job this process queues and waits on reaches it (sync endpoints, `Prefer: wait`). */
  finishes: CompletionWatcher;
  /** BullMQ's completion events, for waits on jobs queued elsewhere or before this process started. */
  queueEvents: QueueEventsOnDemand;
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
  const jobs = new JobStore(redis, keys);
  const queueEvents = new QueueEventsOnDemand(() => createRedis(config.redis, { logger }), config.redis.prefix, logger);
  let finishes: CompletionWatcher;
  if (config.jobs.syncCompletion === 'queue-events') {
    const watcher = new QueueEventsWatcher(queueEvents);
    await watcher.start();
    finishes = watcher;
  } else {
    const listener = new FinishListener(
      createRedis(config.redis, { logger }),
      keys.finishChannel,
      async (id) => {
        const record = await jobs.get(id);
        if (!record || !isTaskName(record.task)) return true;
        const view = await buildJobView(queues.task(record.task), record);
        return view === null || isTerminal(view.status);
      },
      logger,
    );
    await listener.start();
    finishes = listener;
  }
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
    jobs,
    reviews: new ReviewStore(redis, keys, config.jobs.retentionSeconds),
    apiKeys: new ApiKeyStore(redis, keys, config.auth.apiKeys, config.auth.defaultQps),
    secrets: new WebhookSecretStore(redis, keys),
    textPolicy: new TextPolicyStore(redis, keys),
    classifiers: new ClassifierStore(redis, keys),
    faces: new FaceLibrary(redis, keys),
    blobs,
    intake,
    availability,
    metrics: createApiMetrics(queues),
    finishes,
    queueEvents,
    resolve,
    async close() {
      await availability.close();
      await finishes.close();
      await queueEvents.close();
      await queues.close();
      await blobs.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
