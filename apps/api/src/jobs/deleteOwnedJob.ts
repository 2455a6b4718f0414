import { isTaskName, purgeJob, waitForWebhookSends } from '@crs/core';
import type { ApiContext } from '../context.js';

/**
 * Deletes one of the tenant's jobs with its input, result and media; false
 * when the tenant has no such job. A job still running is canceled and
 * purged by its worker when it stops.
 */
export async function deleteOwnedJob(ctx: ApiContext, tenant: string, id: string): Promise<boolean> {
  const record = await ctx.jobs.getOwned(id, tenant);
  if (!record || !isTaskName(record.task)) return false;
  // The mark first: from here on no event is raised or sent, and no media is added for the job.
  await ctx.jobs.markDeleted(id, Date.now());
  // An event already on its way is let finish, so none leaves after the answer.
  await waitForWebhookSends(ctx.redis, ctx.keys, id, ctx.config.webhooks.timeoutMs + 1_000);
  const purged = await purgeJob({ queue: ctx.queues.task(record.task), webhooks: ctx.queues.webhooks(), jobs: ctx.jobs, blobs: ctx.blobs }, id);
  if (!purged) await ctx.redis.publish(ctx.keys.cancelChannel(), id);
  return true;
}
