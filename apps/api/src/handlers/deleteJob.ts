import { isTaskName, NotFoundError, purgeJob, waitForWebhookSends } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';

/**
 * `DELETE /v1/jobs/:id`: the job, its input and its result are gone at once for
 * the caller, and nothing about it leaves the service once this answers. A job
 * running (or whose frames run) is canceled and purged by its worker when it stops.
 */
export const deleteJob =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const id = req.params.jobId!;
    const record = await ctx.jobs.getOwned(id, tenantOf(req));
    if (!record || !isTaskName(record.task)) throw new NotFoundError(`no job ${id}`);
    // The mark first: from here on no event is raised or sent, and no media is added for the job.
    await ctx.jobs.markDeleted(id, Date.now());
    // An event already on its way is let finish, so none leaves after the answer.
    await waitForWebhookSends(ctx.redis, ctx.keys, id, ctx.config.webhooks.timeoutMs + 1_000);
    const purged = await purgeJob({ queue: ctx.queues.task(record.task), webhooks: ctx.queues.webhooks(), jobs: ctx.jobs, blobs: ctx.blobs }, id);
    if (!purged) await ctx.redis.publish(ctx.keys.cancelChannel(), id);
    return { status: 204 };
  };
