import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { classifyStatus } from '@crs/core';
import type { ApiContext } from '../context.js';

/** A caller's request id when it is a sane token, else a new one; echoed back and logged. */
function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** What is known of a request once it has been answered. */
export interface Answered {
  /** The route pattern, never the path: paths carry ids, and bodies and queries are user content. */
  route: string;
  tenant: string | null;
}

/**
 * Gives the request its id (`X-Request-Id`), and once it is answered logs it,
 * times it for the metrics and counts `/v1` answers toward the tenant's
 * availability. Call it first, before anything can answer.
 */
export function trackRequest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, answered: () => Answered): void {
  const started = process.hrtime.bigint();
  const requestId = requestIdOf(req.headers['x-request-id']);
  const counted = req.url?.startsWith('/v1/') ?? false;
  res.setHeader('X-Request-Id', requestId);
  res.on('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { route, tenant } = answered();
    ctx.logger.info({ requestId, method: req.method, route, status: res.statusCode, tenant, ms: Math.round(seconds * 1000) }, 'request');
    ctx.metrics.observe(req.method ?? 'GET', route, res.statusCode, seconds);
    if (counted) {
      const outcome = classifyStatus(res.statusCode);
      if (outcome !== 'ignored') ctx.availability.record(tenant, outcome === 'failed');
    }
  });
}
