import { z } from 'zod';
import { availabilityReport, InvalidRequestError, MAX_QUERY_WINDOWS, parseWith, WINDOW_MS } from '@crs/core';
import type { ApiContext } from '../context.js';
import { timeParam } from '../http/timeParam.js';
import { tenantOf, type Handler } from '../http/types.js';

export const availabilityQuerySchema = z.object({
  from: timeParam.optional(),
  to: timeParam.optional(),
  /** Include the per-window counts. */
  series: z.enum(['true', 'false']).optional(),
});

const DAY_MS = 86_400_000;

/** Defaults to the last 24 hours; refuses spans the counters cannot answer in one query. */
export function availabilityRange(query: unknown): { from: number; to: number; series: boolean } {
  const q = parseWith(availabilityQuerySchema, query, 'query');
  const to = q.to ?? Date.now();
  const from = q.from ?? to - DAY_MS;
  if (!(from < to)) throw new InvalidRequestError('query: from must be before to');
  if ((to - from) / WINDOW_MS > MAX_QUERY_WINDOWS) throw new InvalidRequestError(`query: at most ${Math.floor((MAX_QUERY_WINDOWS * WINDOW_MS) / DAY_MS)} days per query`);
  return { from, to, series: q.series === 'true' };
}

/**
 * `GET /v1/stats/availability?from&to`: the service contract's availability
 * figure for the caller's own requests, from the 5-minute window counts.
 */
export const tenantAvailability =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const range = availabilityRange(req.query);
    const { series, ...report } = await availabilityReport(ctx.redis, ctx.keys, tenantOf(req), range.from, range.to);
    return { status: 200, body: range.series ? { ...report, series } : report };
  };
