import { randomUUID } from 'node:crypto';
import { statusForCode, type TaskName } from '@crs/core';
import type { ApiContext } from '../context.js';
import type { ApiResponse } from '../http/types.js';
import { currentView } from './currentView.js';
import { withUrls } from './jobUrls.js';
import { submitJob } from './submitJob.js';
import { preferredWaitSeconds, waitForJob } from './waitForJob.js';

/** Whether the tenant's synchronous calls are kept whole (SYNC_KEEP_CONTENT); a compact call record otherwise. */
export function keepsContent(ctx: ApiContext, tenant: string): boolean {
  const keep = ctx.config.jobs.syncKeepContent;
  return keep.includes('*') || keep.includes(tenant);
}

/** Sync endpoints jump ahead of batch work on the same queue (BullMQ: lower runs first). */
export const SYNC_PRIORITY = 1;

export interface RunNowOptions {
  /** How long to wait when the request does not say (`Prefer: wait=N` overrides it). */
  waitMs: number;
  prefer?: string | undefined;
  /** Status of a successful answer. */
  status?: number;
  /** Shapes the body of a successful answer from the job's result. */
  body?: (result: unknown, jobId: string) => unknown;
}

/**
 * The synchronous routes' contract: run the task as an ordinary job on the
 * worker pool and answer with its result, or with its error and that error's
 * status. When the pool is too busy to finish in time the caller gets the
 * 202 job contract, never a lost request.
 */
export async function runTaskNow(ctx: ApiContext, tenant: string, task: TaskName, input: unknown, options: RunNowOptions): Promise<ApiResponse> {
  const preferred = preferredWaitSeconds(options.prefer);
  const waitMs = preferred > 0 ? preferred * 1000 : options.waitMs;
  const answer = (result: unknown, id: string): ApiResponse => ({
    status: options.status ?? 200,
    body: options.body ? options.body(result, id) : { jobId: id, ...(result as object) },
  });
  // Listening on this process's channel starts before the job exists, and the worker's notice
  // carries the result, so a job finished in time is answered with no read of Redis; failures and
  // time-outs read the job's state as any other request does.
  const id = randomUUID();
  const watch = ctx.finishes.watch(task, id);
  try {
    const { view, job } = await submitJob(ctx, tenant, { task, input, priority: SYNC_PRIORITY, id, summaryOnly: !keepsContent(ctx, tenant), notify: true });
    if (job && waitMs > 0) {
      const finish = await watch.within(waitMs);
      if (finish?.completed) return answer(finish.result, view.id);
    }
    const done = job && waitMs > 0 ? ((await currentView(ctx, view.id)) ?? view) : await waitForJob(ctx, view, waitMs);
    if (done.status === 'succeeded') return answer(done.result, done.id);
    if (done.error) return { status: statusForCode(done.error.code), body: { error: done.error, jobId: done.id } };
    return { status: 202, body: withUrls(done), headers: { Location: `/v1/jobs/${done.id}` } };
  } finally {
    watch.stop();
  }
}
