import { isTerminal, parseWith } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';
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
    const { view, job } = await submitJob(ctx, tenantOf(req), {
      task,
      input: body.input,
      webhook: body.webhook,
      idempotencyKey: body.idempotencyKey,
    });
    const wait = preferredWaitSeconds(req.headers.prefer);
    const headers: Record<string, string> = { Location: `/v1/jobs/${view.id}` };
    if (wait <= 0) return { status: 202, body: withUrls(view), headers };
    const finished = await waitForJob(ctx, view, wait * 1000, job);
    return {
      status: isTerminal(finished.status) ? 200 : 202,
      body: withUrls(finished),
      headers: { ...headers, 'Preference-Applied': `wait=${wait}` },
    };
  };
