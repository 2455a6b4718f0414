import {
  enqueueWebhookEvent,
  isReviewableTask,
  isTaskName,
  NotFoundError,
  NotReviewableError,
  parseWith,
  REVIEWABLE_TASKS,
  reviewDecisionBodySchema,
  type JobPayload,
} from '@crs/core';
import type { ApiContext } from '../context.js';
import { keyIdOf, tenantOf, type Handler } from '../http/types.js';
import { viewOfRecord } from '../jobs/currentView.js';

/** How long a decision waits for its job's own terminal event to be queued, so `job.reviewed` comes after it. */
const SETTLE_WAIT_MS = 3_000;

async function settled(ctx: ApiContext, id: string): Promise<boolean> {
  for (const deadline = Date.now() + SETTLE_WAIT_MS; ; ) {
    if (await ctx.jobs.isSettled(id)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * `POST /v1/jobs/:jobId/review`: a person's decision on a finished job with a `review` or `block`
 * verdict, recorded with the API key's id and the time; a second decision replaces the first. A job the
 * queue did not hold (a `block` while the tenant left blocks out) is filed now from its result. Sends
 * `job.reviewed` to the job's webhook, after the job's own events.
 */
export const reviewJob =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const tenant = tenantOf(req);
    const id = req.params.jobId!;
    const body = parseWith(reviewDecisionBodySchema, req.body ?? {}, 'body');
    const record = await ctx.jobs.getOwned(id, tenant);
    if (!record || !isTaskName(record.task)) throw new NotFoundError(`no job ${id}`);
    const job = await ctx.queues.task(record.task).getJob(id);
    if (!(await ctx.reviews.get(id, tenant))) {
      if (!isReviewableTask(record.task)) throw new NotReviewableError(`a ${record.task} job has no verdict to review; ${REVIEWABLE_TASKS.join(', ')} jobs have one`);
      const view = await viewOfRecord(ctx, record);
      if (!view) throw new NotFoundError(`no job ${id}`);
      if (view.status !== 'succeeded') throw new NotReviewableError(`job ${id} is ${view.status}; only a job that succeeded with a review or block verdict can be reviewed`);
      const verdict = (view.result as { verdict?: unknown } | null)?.verdict;
      if (verdict !== 'review' && verdict !== 'block') throw new NotReviewableError(`job ${id} has the verdict ${String(verdict)}; only review and block verdicts can be reviewed`);
      const finishedAt = view.finishedAt ? Date.parse(view.finishedAt) : Date.now();
      await ctx.reviews.record({ id, tenant, task: record.task, input: (job?.data as JobPayload | undefined)?.input, result: view.result, finishedAt }, { force: true });
    }
    const payload = job?.data as JobPayload | undefined;
    if (payload?.webhook && !(await settled(ctx, id))) throw new NotReviewableError(`job ${id} is still being finished; send the decision again in a moment`);
    const at = Date.now();
    const item = await ctx.reviews.decide(id, tenant, body, keyIdOf(req), at);
    if (!item?.decision) throw new NotFoundError(`no job ${id}`);
    if (payload) await enqueueWebhookEvent(ctx.queues.webhooks(), id, payload, 'job.reviewed', ctx.config.webhooks, { bucket: at, review: item.decision });
    return { status: 200, body: item };
  };
