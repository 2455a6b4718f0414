import { isTaskName, NotFoundError, purgeJob } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';

/**
 * `DELETE /v1/jobs/:id`: the job, its input and its result are gone at once for
 * the caller. A running job is canceled and purged by its worker when it stops.
 */
export const deleteJob =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const id = req.params.jobId!;
    const record = await ctx.jobs.getOwned(id, tenantOf(req));
    if (!record || !isTaskName(record.task)) throw new NotFoundError(`no job ${id}`);
    const now = Date.now();
    await ctx.jobs.markCanceled(id, now);
    await ctx.jobs.markDeleted(id, now);
    if (!(await purgeJob(ctx.queues.task(record.task), ctx.jobs, ctx.blobs, id))) {
      await ctx.redis.publish(ctx.keys.cancelChannel(), id);
    }
    return { status: 204 };
  };
