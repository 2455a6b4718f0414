import {
  codePointLength,
  parseWith,
  statusForCode,
  TEXT_SYNC_MAX_CHARS,
  textModerateInputSchema,
  TextTooLongError,
  type ModerationResult,
} from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';
import { withUrls } from '../jobs/jobUrls.js';
import { submitJob } from '../jobs/submitJob.js';
import { waitForJob } from '../jobs/waitForJob.js';

/** Sync jobs jump ahead of batch work on the same queue (BullMQ: lower runs first). */
const SYNC_PRIORITY = 1;

/**
 * `POST /v1/text/moderate`: up to 2,000 characters, answered with the result.
 * Runs as an ordinary `text.moderate` job so the worker pool does the work; when
 * the pool is too busy to answer in time the caller gets the 202 job contract,
 * never a lost request.
 */
export const moderateText =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const text: unknown = (req.body as { text?: unknown } | undefined)?.text;
    const length = typeof text === 'string' ? codePointLength(text) : 0;
    if (length > TEXT_SYNC_MAX_CHARS) {
      throw new TextTooLongError(
        `text has ${length} characters; this endpoint takes at most ${TEXT_SYNC_MAX_CHARS}. Submit longer text as a text.moderate job to POST /v1/jobs`,
        { details: { length, max: TEXT_SYNC_MAX_CHARS } },
      );
    }
    const input = parseWith(textModerateInputSchema, req.body ?? {}, 'body');
    const { view } = await submitJob(ctx, tenantOf(req), { task: 'text.moderate', input, priority: SYNC_PRIORITY });
    const done = await waitForJob(ctx, view, ctx.config.jobs.syncTextTimeoutMs);
    if (done.status === 'succeeded') return { status: 200, body: { jobId: done.id, ...(done.result as ModerationResult) } };
    if (done.error) return { status: statusForCode(done.error.code), body: { error: done.error, jobId: done.id } };
    return { status: 202, body: withUrls(done), headers: { Location: `/v1/jobs/${done.id}` } };
  };
