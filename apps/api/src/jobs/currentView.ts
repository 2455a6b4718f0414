import { buildJobView, isTaskName, type JobRecord, type JobView } from '@crs/core';
import type { ApiContext } from '../context.js';

/** The job's current public view, or null when it no longer exists or belongs to another tenant. */
export async function currentView(ctx: ApiContext, id: string, tenant?: string): Promise<JobView | null> {
  const record = tenant ? await ctx.jobs.getOwned(id, tenant) : await ctx.jobs.get(id);
  return record ? viewOfRecord(ctx, record) : null;
}

/** The public view of a job whose record the caller already holds. */
export async function viewOfRecord(ctx: ApiContext, record: JobRecord): Promise<JobView | null> {
  if (record.deletedAt || !isTaskName(record.task)) return null;
  return buildJobView(ctx.queues.task(record.task), record);
}
