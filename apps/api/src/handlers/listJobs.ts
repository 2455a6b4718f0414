import { z } from 'zod';
import { buildJobView, InvalidRequestError, isTaskName, jobStatusSchema, parseWith, type JobCursor, type JobView } from '@crs/core';
import type { ApiContext } from '../context.js';
import { timeParam } from '../http/timeParam.js';
import { tenantOf, type Handler } from '../http/types.js';
import { withUrls } from '../jobs/jobUrls.js';

export const listJobsQuerySchema = z.object({
  task: z.string().optional(),
  status: jobStatusSchema.optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  /** `result`, `input` or both, comma-separated: content is left out unless asked for. */
  include: z
    .string()
    .regex(/^(result|input)(,(result|input))?$/, 'include takes result, input or result,input')
    .transform((v) => new Set(v.split(',')))
    .optional(),
});

function decodeCursor(raw: string): JobCursor {
  const [createdAt, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || !/^\d+$/.test(createdAt)) throw new InvalidRequestError('cursor is not one this API returned');
  return { createdAt: Number(createdAt), id };
}

const encodeCursor = (c: JobCursor) => Buffer.from(`${c.createdAt}|${c.id}`).toString('base64url');

/** Index entries read per round while filters drop jobs; bounds the work of one request. */
const SCAN_BUDGET = 2_000;

/**
 * `GET /v1/jobs`: the caller's call records, newest first, filtered by task,
 * status and creation time, paged by an opaque cursor. Results and inputs are
 * left out unless `include` asks for them.
 */
export const listJobs =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const tenant = tenantOf(req);
    const q = parseWith(listJobsQuerySchema, req.query, 'query');
    if (q.task !== undefined && !isTaskName(q.task)) throw new InvalidRequestError(`query.task: unknown task ${q.task}`);
    let cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    const jobs: JobView[] = [];
    let scanned = 0;
    let exhausted = false;
    while (jobs.length < q.limit && scanned < SCAN_BUDGET) {
      const page = await ctx.jobs.page(tenant, { from: q.from, to: q.to, cursor, count: Math.min(100, q.limit * 2) });
      if (page.length === 0) {
        exhausted = true;
        break;
      }
      scanned += page.length;
      for (const entry of page) {
        cursor = entry;
        const record = await ctx.jobs.get(entry.id);
        if (!record || record.tenant !== tenant) {
          // The record expired with retention; the index entry goes too.
          await ctx.jobs.unindex(tenant, entry.id);
          continue;
        }
        if (record.deletedAt || (q.task && record.task !== q.task) || !isTaskName(record.task)) continue;
        const view = await buildJobView(ctx.queues.task(record.task), record, { includeInput: q.include?.has('input') });
        if (!view || (q.status && view.status !== q.status)) continue;
        jobs.push(q.include?.has('result') ? view : { ...view, result: null });
        if (jobs.length === q.limit) break;
      }
    }
    const more = !exhausted && cursor !== undefined;
    return { status: 200, body: { jobs: jobs.map(withUrls), nextCursor: more ? encodeCursor(cursor!) : null } };
  };
