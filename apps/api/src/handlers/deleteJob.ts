import { isTaskName, NotFoundError, purgeJob } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';

/**
 * `DELETE /v1/jobs/:id`: the job, its input and its result are gone at once for
 * the caller. A job running (or whose frames run) is canceled and purged by its
 * worker when it stops.
 */
export const deleteJob =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const id = req.params.id!;
    const record = await ctx.jobs.getOwned(id, tenantOf(req));
    if (!record || !isTaskName(record.task)) throw new NotFoundError(`no job ${id}`);
    // The mark first: from here on no event is raised and no media is added for the job.
    await ctx.jobs.markDeleted(id, Date.now());
    const purged = await purgeJob({ queue: ctx.queues.task(record.task), webhooks: ctx.queues.webhooks(), jobs: ctx.jobs, blobs: ctx.blobs }, id);
    if (!purged) await ctx.redis.publish(ctx.keys.cancelChannel(), id);
    return { status: 204 };
  };
