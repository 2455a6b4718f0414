import type { Job } from 'bullmq';
import { isTaskName, type JobView } from '@crs/core';
import type { ApiContext } from '../context.js';
import { currentView } from './currentView.js';

/** `Prefer: wait=N` (RFC 7240), capped at 60 s; 0 when absent or malformed. */
export function preferredWaitSeconds(prefer: string | undefined): number {
  const match = /(?:^|[,;\s])wait\s*=\s*"?(\d+)"?/i.exec(prefer ?? '');
  return match ? Math.min(60, Number(match[1])) : 0;
}

/**
 * Waits up to `ms` for a job this process did not queue with its own channel (an idempotent
 * replay, a job from before a restart), through BullMQ's QueueEvents, then returns its view
 * whatever the outcome: success, failure and timeout all end with the state as it is now.
 * `added` is the job when this request just queued it, so it is not read back.
 */
export async function waitForJob(ctx: ApiContext, view: JobView, ms: number, added?: Job): Promise<JobView> {
  if (!isTaskName(view.task) || ms <= 0) return view;
  const started = Date.now();
  const { events, release } = await ctx.queueEvents.acquire(view.task);
  try {
    // BullMQ's wait reads the job's state once its listener is in place, so a finish before that is seen.
    const job = added ?? (await ctx.queues.task(view.task).getJob(view.id));
    const left = ms - (Date.now() - started);
    if (job && left > 0) await job.waitUntilFinished(events, left).catch(() => undefined);
  } finally {
    release();
  }
  return (await currentView(ctx, view.id)) ?? view;
}
