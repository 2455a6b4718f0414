import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  catalog,
  AvailabilityRecorder,
  createBlobStore,
  createRedis,
  JobStore,
  QueueRegistry,
  redisKeys,
  ReviewStore,
  TaskWorkers,
  WEBHOOK_QUEUE,
  webhookRetryDelay,
  WebhookSecretStore,
  type BlobStore,
  type Config,
  type JobPayload,
  type Logger,
  type Resolver,
  type TaskName,
  type TaskPlugin,
} from '@crs/core';
import { watchJobOutcomes } from './jobOutcomes.js';
import { createLocalTasks } from './localTasks.js';
import { withTenantCap } from './tenantCap.js';
import { createWorkerMetrics, serveMetrics } from './metrics.js';
import { startReconciler } from './reconciler.js';
import { startRetentionSweeper } from './retentionSweeper.js';
import { RunningJobs } from './runningJobs.js';
import { inJobOrder } from './webhooks/jobOrder.js';
import { assignTasks } from './plugins/assignTasks.js';
import { createTaskProcessor } from './taskProcessor.js';
import { createWebhookProcessor, JOB_DELETED, type WebhookOutcome } from './webhooks/webhookProcessor.js';

export interface WorkerHostOptions {
  config: Config;
  logger: Logger;
  plugins: TaskPlugin[];
  /** Also deliver webhooks from this process (default true). */
  webhooks?: boolean;
  resolve?: Resolver;
  /** Defaults to the store the configuration names. */
  blobs?: BlobStore;
}

export interface WorkerHost {
  readonly tasks: TaskName[];
  readonly workers: Worker[];
  /** Stops taking jobs, lets active ones finish, then releases plugins and connections. */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * One BullMQ `Worker` per task queue this process serves, plus the webhook
 * sender. Kept apart from process start-up so tests build it in-process.
 */
export async function createWorkerHost(options: WorkerHostOptions): Promise<WorkerHost> {
  const { config, logger } = options;
  const assigned = assignTasks(options.plugins, config.worker.tasks);
  const used = [...new Set(assigned.values())];
  const connection: Redis = createRedis(config.redis, { logger });
  const blobs = options.blobs ?? createBlobStore(config);
  const metrics = createWorkerMetrics();
  for (const plugin of used) {
    const started = Date.now();
    const ctx = { logger: logger.child({ plugin: plugin.name }), modelsDir: config.modelsDir, config, redis: connection, blobs };
    await plugin.init(ctx);
    metrics.pluginLoaded(plugin.name, (Date.now() - started) / 1000);
    logger.info({ plugin: plugin.name, ms: Date.now() - started }, 'plugin ready');
  }

  const keys = redisKeys(config.redis.prefix);
  const availability = new AvailabilityRecorder(connection, keys);
  const subscriber: Redis = createRedis(config.redis, { logger });
  const queues = new QueueRegistry({ connection, prefix: config.redis.prefix, retentionSeconds: config.jobs.retentionSeconds });
  const jobs = new JobStore(connection, keys);
  const reviews = new ReviewStore(connection, keys, config.jobs.retentionSeconds);
  const workers: Worker[] = [];
  const local = createLocalTasks(assigned);
  const running = new RunningJobs();

  for (const [task, plugin] of assigned) {
    const def = catalog[task];
    const processor = createTaskProcessor({ task, plugin, config, jobs, reviews, queues, logger, blobs, local, running });
    // The lease outlives the job's timeout, so a slot held by a killed worker frees itself.
    const capped = withTenantCap(processor, connection, keys, config.worker.tenantMaxRunning, def.timeoutMs + 30_000);
    const worker = new Worker<JobPayload>(def.queue, capped, {
      connection,
      prefix: config.redis.prefix,
      concurrency: config.worker.concurrency[task] ?? def.concurrency,
      lockDuration: config.worker.lockMs,
      stalledInterval: config.worker.stalledIntervalMs,
      maxStalledCount: config.worker.maxStalls,
    });
    watchJobOutcomes(worker, queues.task(task), { config, jobs, queues, logger, blobs, metrics, availability });
    workers.push(worker);
  }

  if (options.webhooks ?? true) {
    const secrets = new WebhookSecretStore(connection, keys);
    const processor = inJobOrder(
      createWebhookProcessor({ config, jobs, queues, reviews, secrets, redis: connection, keys, logger, metrics, resolve: options.resolve }),
      connection,
      keys,
      () => queues.webhooks(),
    );
    const sender = new Worker(WEBHOOK_QUEUE, processor, {
      connection,
      prefix: config.redis.prefix,
      concurrency: config.webhooks.concurrency,
      lockDuration: config.worker.lockMs,
      stalledInterval: config.worker.stalledIntervalMs,
      // A delivery held by a killed worker is tried again, not failed for good after one stall (BullMQ's
      // default): sending an event twice is safe (receivers de-duplicate by webhook-id), losing it is not.
      maxStalledCount: config.webhooks.maxAttempts,
      settings: { backoffStrategy: (attemptsMade: number) => webhookRetryDelay(attemptsMade, config.webhooks) },
    });
    // An event skipped because its job was deleted leaves nothing behind that names the job; nor does
    // a terminal one (kept to stop duplicates) that a purge found still locked, just after it was sent.
    sender.on('completed', (job, outcome: WebhookOutcome) => {
      const skipped = !outcome.delivered && outcome.reason === JOB_DELETED;
      const transient = job.data.type === 'job.progress' || job.data.type === 'job.reviewed';
      const check = skipped ? Promise.resolve(true) : transient ? Promise.resolve(false) : jobs.isDeleted(job.data.jobId);
      check.then((gone) => (gone ? queues.webhooks().remove(job.id!) : 0)).catch(() => undefined);
    });
    workers.push(sender);
  }
  for (const worker of workers) worker.on('error', (err) => logger.error({ queue: worker.name, err: err.message }, 'worker error'));

  // A cancel can reach any worker process; the one running the job aborts it.
  await subscriber.subscribe(keys.cancelChannel());
  subscriber.on('message', (_channel, jobId: string) => {
    for (const worker of workers) worker.cancelJob(jobId, 'canceled');
    running.cancel(jobId);
  });

  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const stopSweeper = startRetentionSweeper({
    blobs,
    jobs,
    queues,
    redis: connection,
    keys,
    logger,
    retentionSeconds: config.jobs.retentionSeconds,
    intervalMs: config.jobs.sweepIntervalMs,
  });
  const stopReconciler = startReconciler({ config, jobs, queues, blobs, logger, redis: connection, intervalMs: config.jobs.reconcileIntervalMs });
  const stopMetrics = serveMetrics(metrics, config.metrics.workerPort, logger, config.metrics.token);
  const stopAnnouncing = await announceTasks(new TaskWorkers(connection, keys), [...assigned.keys()], logger);
  logger.info({ tasks: [...assigned.keys()], webhooks: options.webhooks ?? true }, 'worker started');

  return {
    tasks: [...assigned.keys()],
    workers,
    async close({ force = false } = {}) {
      await stopAnnouncing();
      await Promise.all(workers.map((w) => w.close(force)));
      await stopSweeper();
      await stopReconciler();
      await stopMetrics();
      await availability.close();
      await Promise.all(used.map((p) => p.close()));
      await queues.close();
      if (!options.blobs) await blobs.close();
      subscriber.disconnect();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/** How long a worker's announcement of its tasks lives; it is renewed at a third of that. */
const ANNOUNCE_LEASE_MS = 30_000;

/**
 * Tells the API's readiness which tasks this worker serves, for as long as it
 * runs. A renewal that fails (Redis away) is retried at the next turn.
 */
async function announceTasks(registry: TaskWorkers, tasks: string[], logger: Logger): Promise<() => Promise<void>> {
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const announce = () =>
    registry.announce(id, tasks, ANNOUNCE_LEASE_MS).catch((err: Error) => logger.warn({ err: err.message }, 'could not announce tasks'));
  await announce();
  const timer = setInterval(announce, ANNOUNCE_LEASE_MS / 3);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await registry.withdraw(id, tasks).catch(() => undefined);
  };
}
