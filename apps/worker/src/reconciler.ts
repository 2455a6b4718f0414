import type { Redis } from 'ioredis';
import { catalog, isTaskName, purgeJob, type JobPayload, type TaskName } from '@crs/core';
import { settleFinishedJob, type SettleDeps } from './settleJob.js';
import { startPeriodic } from './periodic.js';

export interface ReconcilerDeps extends SettleDeps {
  redis: Redis;
  intervalMs: number;
}

/**
 * A job finished this long ago and still unsettled has lost its worker: a live one settles its jobs
 * within milliseconds. Settling twice is harmless anyway (the event's id is made from the job).
 */
const GRACE_MS = 2_000;
const PAGE = 500;

/**
 * Finishes what a worker killed between a job's end and its settling left undone: the terminal
 * webhook event, the retention clock, the purge of a deleted job. It reads the unsettled set
 * (written with each job's record, so no job escapes it) on start-up and every interval; each job
 * still queued or running is left alone. Every worker process runs one. Returns a stop function.
 */
export function startReconciler(deps: ReconcilerDeps): () => Promise<void> {
  const pass = async () => {
    const before = Date.now() - GRACE_MS;
    let settled = 0;
    for (let offset = 0; ; ) {
      const ids = await deps.jobs.unsettled(before, offset, PAGE);
      if (!ids.length) break;
      const done = await Promise.all(ids.map((id) => reconcile(deps, id, before)));
      settled += done.filter(Boolean).length;
      // Settled entries left the set: the next page starts after those still there.
      offset += done.filter((d) => !d).length;
      if (ids.length < PAGE) break;
    }
    if (settled) deps.logger.info({ jobs: settled }, 'jobs left unsettled by a stopped worker settled');
  };
  return startPeriodic(pass, deps.intervalMs, deps.logger, 'reconciling unsettled jobs failed; retrying at the next interval');
}

/** Settles one job if it is final (or deleted, or gone); true when it left the unsettled set. */
async function reconcile(deps: ReconcilerDeps, id: string, finishedBefore: number): Promise<boolean> {
  const record = await deps.jobs.get(id);
  if (!record || !isTaskName(record.task)) {
    await deps.jobs.forgetUnsettled(id);
    return true;
  }
  const task: TaskName = record.task;
  const queue = deps.queues.task(task);
  if (record.deletedAt) return purgeJob({ queue, webhooks: deps.queues.webhooks(), jobs: deps.jobs, blobs: deps.blobs }, id);
  const prefix = `${deps.config.redis.prefix}:${catalog[task].queue}`;
  const [completedAt, failedAt] = await Promise.all([deps.redis.zscore(`${prefix}:completed`, id), deps.redis.zscore(`${prefix}:failed`, id)]);
  const finishedAt = Number(completedAt ?? failedAt ?? NaN);
  if (Number.isNaN(finishedAt)) {
    // Still queued or running: its worker settles it. Gone from BullMQ without finishing there (canceled
    // while queued, or a synchronous call BullMQ removed once its summary was kept): nothing more to
    // report, only the retention clock to start.
    if ((record.canceledAt || record.summary) && !(await queue.getJob(id))) return (await deps.jobs.settle(id, deps.config.jobs.retentionSeconds)) === 'retained';
    return false;
  }
  if (finishedAt > finishedBefore) return false;
  const job = await queue.getJob(id);
  if (!job) return false;
  await settleFinishedJob(deps, queue, id, job.data as JobPayload, completedAt !== null ? 'job.completed' : 'job.failed');
  return true;
}
