import { randomUUID } from 'node:crypto';
import { isTerminal, parseWith } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';
import { currentView } from '../jobs/currentView.js';
import { withUrls } from '../jobs/jobUrls.js';
import { jobRequestSchema } from '../jobs/jobRequest.js';
import { submitJob, taskName } from '../jobs/submitJob.js';
import { preferredWaitSeconds, waitForJob } from '../jobs/waitForJob.js';

/** `POST /v1/jobs`: 202 with the queued job, or 200 with the finished one under `Prefer: wait=N`. */
export const createJob =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const body = parseWith(jobRequestSchema, req.body ?? {}, 'body');
    const task = taskName(body.task);
    const wait = preferredWaitSeconds(req.headers.prefer);
    // A wait listens on this process's channel from before the job exists (see runTaskNow).
    const id = randomUUID();
    const watch = wait > 0 ? ctx.finishes.watch(task, id) : undefined;
    try {
      const { view, created } = await submitJob(ctx, tenantOf(req), {
        task,
        input: body.input,
        webhook: body.webhook,
        idempotencyKey: body.idempotencyKey,
        id,
        notify: wait > 0,
      });
      const headers: Record<string, string> = { Location: `/v1/jobs/${view.id}` };
      if (!watch) return { status: 202, body: withUrls(view), headers };
      // A replayed key names a job queued by an earlier request, which publishes on no channel of ours.
      let finished = view;
      if (created && view.id === id) {
        await watch.within(wait * 1000);
        finished = (await currentView(ctx, view.id)) ?? view;
      } else {
        finished = await waitForJob(ctx, view, wait * 1000);
      }
      return {
        status: isTerminal(finished.status) ? 200 : 202,
        body: withUrls(finished),
        headers: { ...headers, 'Preference-Applied': `wait=${wait}` },
      };
    } finally {
      watch?.stop();
    }
  };
