import { codePointLength, parseWith, TEXT_SYNC_MAX_CHARS, textModerateInputSchema, TextTooLongError } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';
import { runTaskNow } from '../jobs/runTaskNow.js';

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
    return runTaskNow(ctx, tenantOf(req), 'text.moderate', input, { waitMs: ctx.config.jobs.syncTextTimeoutMs });
  };
