import type { Queue } from 'bullmq';
import { enqueueWebhookEvent, purgeJob, type BlobStore, type Config, type JobPayload, type JobStore, type Logger, type QueueRegistry } from '@crs/core';

export interface SettleDeps {
  config: Config;
  jobs: JobStore;
  queues: QueueRegistry;
  blobs: BlobStore;
  logger: Logger;
}

/** Waits between purges that BullMQ refused because a child job was still running. */
const PURGE_RETRY_MS = [250, 500, 1_000, 2_000, 4_000, 8_000];

/**
 * Purges a deleted job, trying again for a while when a child of it still runs (BullMQ refuses to
 * remove a locked job). What is still refused after that stays unsettled, for the reconciler.
 */
export function purgeDeletedJob(deps: SettleDeps, queue: Queue, id: string, attempt = 0): Promise<void> {
  return purgeJob({ queue, webhooks: deps.queues.webhooks(), jobs: deps.jobs, blobs: deps.blobs }, id).then((purged) => {
    if (purged || attempt >= PURGE_RETRY_MS.length) return;
    setTimeout(() => {
      purgeDeletedJob(deps, queue, id, attempt + 1).catch((err: unknown) => deps.logger.warn({ jobId: id, err: (err as Error).message }, 'purge of a deleted job failed'));
    }, PURGE_RETRY_MS[attempt]).unref();
  });
}

/**
 * What happens once a job is final, in this order: its terminal event is queued (under an id made
 * from the job, so queuing it twice sends it once), then the job is settled (retention clock started,
 * off the unsettled set). A worker killed between the two leaves the job unsettled and the reconciler
 * repeats both. A job deleted meanwhile raises nothing and is purged.
 */
export async function settleFinishedJob(deps: SettleDeps, queue: Queue, id: string, payload: JobPayload, type: 'job.completed' | 'job.failed'): Promise<void> {
  await enqueueWebhookEvent(deps.queues.webhooks(), id, payload, type, deps.config.webhooks);
  if ((await deps.jobs.settle(id, deps.config.jobs.retentionSeconds)) === 'deleted') await purgeDeletedJob(deps, queue, id);
}
