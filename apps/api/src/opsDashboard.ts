import { z } from 'zod';
import { availabilityOf, availabilityReport, parseRequest, readJobWindows, WINDOW_MS, type JobWindow, type QueueRegistry, type WindowCounts } from '@crs/core';
import type { ApiContext } from './context.js';
import { BOARD_PATH, OPS_PATH } from './board.js';
import { oldestWaitingSince } from './queueAge.js';

export const dashboardQuerySchema = z.object({
  /** How far back, in hours (job figures are kept 8 days). */
  hours: z.coerce.number().int().min(1).max(168).optional(),
});

export interface DashboardWindow {
  start: number;
  /** `/v1` requests that counted toward availability, and those the service failed. */
  requests: number;
  failedRequests: number;
  /** This window's availability, percent. */
  availability: number;
  jobsFinished: number;
  jobsFailed: number;
  failuresByCode: Record<string, number>;
  /** Submission to end of the jobs that finished in the window; null when none did. */
  latencyMs: JobWindow['latencyMs'];
}

export interface QueueFigures {
  name: string;
  waiting: number;
  prioritized: number;
  active: number;
  delayed: number;
  failed: number;
  /** Age of the oldest job waiting or prioritized (as crs_queue_oldest_waiting_seconds); null when none waits. */
  oldestWaitingMs: number | null;
}

async function queueFigures(queues: QueueRegistry, now: number): Promise<QueueFigures[]> {
  return Promise.all(
    queues.all().map(async (q) => {
      const [counts, since] = await Promise.all([q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'), oldestWaitingSince(q)]);
      return {
        name: q.name,
        waiting: counts.waiting ?? 0,
        prioritized: counts.prioritized ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        oldestWaitingMs: since === null ? null : Math.max(0, now - since),
      };
    }),
  );
}

function joinWindows(requests: WindowCounts[], jobs: JobWindow[]): DashboardWindow[] {
  const byStart = new Map(jobs.map((j) => [j.start, j]));
  return requests.map((r) => {
    const j = byStart.get(r.start);
    return {
      start: r.start,
      requests: r.valid,
      failedRequests: r.failed,
      availability: Math.round(availabilityOf([r]) * 1e4) / 1e4,
      jobsFinished: j?.finished ?? 0,
      jobsFailed: j?.failed ?? 0,
      failuresByCode: j?.failuresByCode ?? {},
      latencyMs: j?.latencyMs ?? null,
    };
  });
}

/**
 * `GET /ops/dashboard`: what the console's operator dashboard draws, in one
 * answer: per 5-minute window over the whole service (no tenant's figures)
 * requests and availability, jobs finished and failed by code, job latency
 * percentiles; and each queue's depth and oldest waiting job.
 */
export async function dashboardData(ctx: ApiContext, query: unknown, now = Date.now()) {
  const { hours = 24 } = parseRequest(dashboardQuerySchema, query, 'query');
  const from = now - hours * 3_600_000;
  const [report, jobs, queues] = await Promise.all([
    availabilityReport(ctx.redis, ctx.keys, null, from, now),
    readJobWindows(ctx.redis, ctx.keys, from, now),
    queueFigures(ctx.queues, now),
  ]);
  const { series, ...availability } = report;
  return {
    generatedAt: new Date(now).toISOString(),
    windowMs: WINDOW_MS,
    availability,
    windows: joinWindows(series, jobs),
    queues,
    links: { board: `${OPS_PATH}/queues`, adminBoard: BOARD_PATH, availability: `${OPS_PATH}/availability?series=true`, metrics: '/metrics' },
  };
}
