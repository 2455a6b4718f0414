import { enqueueWebhookEvent, isTaskName, isTerminal, JobNotCancelableError, NotFoundError, type JobPayload } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';
import { viewOfRecord } from '../jobs/currentView.js';
import { withUrls } from '../jobs/jobUrls.js';

/**
 * `POST /v1/jobs/:id/cancel`. A queued job is removed at once; a running one is
 * aborted through its worker's AbortSignal (the cancel mark, set first, also
 * stops a job that starts between the two steps).
 */
export const cancelJob =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const tenant = tenantOf(req);
    const id = req.params.jobId!;
    const record = await ctx.jobs.getOwned(id, tenant);
    const before = record ? await viewOfRecord(ctx, record) : null;
    if (!record || !before || !isTaskName(record.task)) throw new NotFoundError(`no job ${id}`);
    if (isTerminal(before.status)) throw new JobNotCancelableError(`job ${id} has already ${before.status}`);

    const canceledAt = Date.now();
    await ctx.jobs.markCanceled(id, canceledAt);
    const queue = ctx.queues.task(record.task);
    const job = await queue.getJob(id);
    if (job && (await queue.remove(id)) === 1) {
      // Removed before any worker saw it: no worker will report it, so report it here, then settle it
      // (a crash in between leaves it unsettled, and the reconciler reports it).
      await enqueueWebhookEvent(ctx.queues.webhooks(), id, job.data as JobPayload, 'job.failed', ctx.config.webhooks);
      await ctx.jobs.settle(id, ctx.config.jobs.retentionSeconds);
    } else {
      await ctx.redis.publish(ctx.keys.cancelChannel(), id);
    }
    const after = (await viewOfRecord(ctx, { ...record, canceledAt })) ?? before;
    return { status: 202, body: withUrls(after) };
  };
