import type { Job, Queue, Worker } from 'bullmq';
import { enqueueWebhookEvent, purgeJob, type BlobStore, type Config, type JobPayload, type JobStore, type Logger, type QueueRegistry } from '@crs/core';

export interface JobOutcomeDeps {
  config: Config;
  jobs: JobStore;
  queues: QueueRegistry;
  logger: Logger;
  blobs: BlobStore;
}

/**
 * What happens once a job is final: its record starts the retention clock and
 * the subscribed webhook event is queued, or, when its owner deleted it while
 * it ran, it is purged now that BullMQ has released it. Intermediate failures that BullMQ will
 * retry are not final and send nothing.
 */
export function watchJobOutcomes(worker: Worker<JobPayload>, queue: Queue, deps: JobOutcomeDeps): void {
  const finish = async (job: Job<JobPayload>, type: 'job.completed' | 'job.failed') => {
    const record = await deps.jobs.get(job.id!);
    if (record?.deletedAt) {
      await purgeJob(queue, deps.jobs, deps.blobs, job.id!);
      return;
    }
    await deps.jobs.expireAfter(job.id!, deps.config.jobs.retentionSeconds);
    await enqueueWebhookEvent(deps.queues.webhooks(), job.id!, job.data, type, deps.config.webhooks);
  };
  const report = (err: unknown, jobId: string | undefined) =>
    deps.logger.error({ jobId, err: (err as Error).message }, 'could not record a finished job');

  worker.on('completed', (job) => {
    finish(job, 'job.completed').catch((err) => report(err, job.id));
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) finish(job, 'job.failed').catch((e) => report(e, job.id));
  });
}
