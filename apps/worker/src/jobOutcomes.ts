import { Job, type Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  catalog,
  decodeFailure,
  enqueueWebhookEvent,
  inJobTrace,
  publishFinish,
  statusForCode,
  type AvailabilityRecorder,
  type BlobStore,
  type Config,
  type FinishNotice,
  type JobPayload,
  type JobStatsRecorder,
  type JobStore,
  type Logger,
  type QueueRegistry,
  type TaskName,
} from '@crs/core';
import type { JobOutcome, WorkerMetrics } from './metrics.js';
import { isMissingJobKey } from './runningJobs.js';
import { settleFinishedJob } from './settleJob.js';

export interface JobOutcomeDeps {
  config: Config;
  jobs: JobStore;
  queues: QueueRegistry;
  logger: Logger;
  blobs: BlobStore;
  metrics: WorkerMetrics;
  availability: AvailabilityRecorder;
  /** Publishes finishes to the API process waiting on them. */
  redis: Redis;
  /** Finished jobs per window for the operators' dashboard (latency, failures by code). */
  jobStats: JobStatsRecorder;
}

/**
 * A child of a fanned-out job finished: the parent's progress (children done /
 * all) is updated for `GET /v1/jobs/:id` and Bull Board, and sent as a
 * throttled `job.progress` webhook.
 */
async function reportParentProgress(job: Job<JobPayload>, deps: JobOutcomeDeps): Promise<void> {
  if (!job.parent) return;
  const parentQueueName = job.parent.queueKey.slice(deps.config.redis.prefix.length + 1);
  const parentTask = Object.values(catalog).find((t) => t.queue === parentQueueName);
  if (!parentTask) return;
  const queue = deps.queues.task(parentTask.name as TaskName);
  // A deleted parent is not reported on: its record and progress are going, and nothing is sent.
  if (!job.parent.id || (await deps.jobs.isDeleted(job.parent.id))) return;
  const parent = await Job.fromId<JobPayload>(queue, job.parent.id);
  if (!parent) return;
  const counts = await parent.getDependenciesCount();
  const done = (counts.processed ?? 0) + (counts.ignored ?? 0) + (counts.failed ?? 0);
  const total = done + (counts.unprocessed ?? 0);
  if (!total) return;
  // Sampling is the first 10 %, aggregation the last 5 %.
  const progress = Math.round(10 + (85 * done) / total);
  try {
    await parent.updateProgress(progress);
  } catch (err) {
    if (isMissingJobKey(err, parent.id!)) return;
    throw err;
  }
  const interval = deps.config.webhooks.progressIntervalMs;
  if (interval > 0) {
    await enqueueWebhookEvent(deps.queues.webhooks(), parent.id!, parent.data, 'job.progress', deps.config.webhooks, {
      progress,
      bucket: Math.floor(Date.now() / interval),
    });
  }
}

/** Whose fault a final failure was: a 4xx code is the caller's input, anything else the service's. */
function failureOutcome(reason: string | undefined): JobOutcome {
  const { code } = decodeFailure(reason);
  if (code === 'canceled') return 'canceled';
  return statusForCode(code) >= 500 ? 'failed_internal' : 'failed_input';
}

/**
 * What happens once a job is final: the subscribed webhook event is queued and
 * the job settled (settleJob.ts), or, when its owner deleted it while it ran,
 * it is purged now that BullMQ has released it. Intermediate failures that
 * BullMQ will retry are not final and send nothing.
 */
export function watchJobOutcomes(worker: Worker<JobPayload>, queue: Queue, deps: JobOutcomeDeps): void {
  const finish = async (job: Job<JobPayload>, type: 'job.completed' | 'job.failed') => {
    const outcome = type === 'job.completed' ? 'succeeded' : failureOutcome(job.failedReason);
    const seconds = job.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : null;
    deps.metrics.jobFinished(queue.name, outcome, seconds);
    if (job.data.internal) {
      await reportParentProgress(job, deps);
      return;
    }
    // The submission was counted as a valid request by the API; a failure of the service's own adds the failure.
    if (outcome === 'failed_internal') deps.availability.record(job.data.tenant, true, { failedOnly: true });
    const finishedAt = job.finishedOn ?? Date.now();
    deps.jobStats.record({
      at: finishedAt,
      latencyMs: finishedAt - job.timestamp,
      ...(type === 'job.failed' ? { failure: decodeFailure(job.failedReason).code } : {}),
    });
    await settleFinishedJob(deps, queue, job.id!, job.data, type);
  };
  const report = (err: unknown, jobId: string | undefined) =>
    deps.logger.error({ jobId, err: (err as Error).message }, 'could not record a finished job');
  // A lost notice costs the waiting call its wait (it then reads the job's state), never the job.
  const notify = (job: Job<JobPayload>, notice: FinishNotice) => {
    if (!job.data.notify) return;
    publishFinish(deps.redis, job.data.notify, notice).catch((err: Error) => deps.logger.warn({ jobId: job.id, err: err.message }, 'could not publish a finish'));
  };

  worker.on('completed', (job, result) => {
    // The result goes to the waiting call at once; settling (webhook, retention) follows.
    notify(job, { id: job.id!, completed: true, result: result ?? null });
    // Its webhook event joins the job's trace.
    inJobTrace(job, () => finish(job, 'job.completed')).catch((err) => report(err, job.id));
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    // The waiting call reads a failure back from the job's state, so it hears of it once that is settled.
    if (final)
      inJobTrace(job, () => finish(job, 'job.failed')).catch((e) => report(e, job.id)).finally(() => notify(job, { id: job.id!, completed: false }));
  });
}
