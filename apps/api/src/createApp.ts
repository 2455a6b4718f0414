import express, { type Express } from 'express';
import { randomUUID } from 'node:crypto';
import { classifyStatus, NotFoundError, ServiceUnavailableError, type Config } from '@crs/core';
import { BOARD_PATH, createBoardRouter, OPS_PATH } from './board.js';
import type { ApiContext } from './context.js';
import { adapt } from './http/adapt.js';
import { errorHandler } from './http/errorHandler.js';
import { requireAdmin, requireBasic } from './http/requireAdmin.js';
import { createOpsRouter } from './ops.js';
import { rateLimit } from './http/rateLimit.js';
import { requireApiKey } from './http/requireApiKey.js';
import { buildOpenApi } from './openapi/buildOpenApi.js';
import { routes } from './routes.js';

export const API_VERSION = '0.1.0';

/** Big enough for an image of the largest allowed size sent inline as base64; larger media go by upload or URL. */
export function jsonBodyLimit(config: Config): number {
  return Math.max(config.server.bodyLimitBytes, Math.ceil((config.media.maxBytes.image * 4) / 3) + 64 * 1024);
}

/** A caller's request id when it is a sane token, else a new one; echoed back and logged. */
function requestIdOf(given: string | undefined): string {
  return given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** The Express app; no listening here, so tests mount it on a random port. */
export function createApp(ctx: ApiContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every JSON answer for a weak ETag; job views change until they finish and
  // nothing here answers 304 to them. File downloads set their own (the content's SHA-256).
  app.set('etag', false);
  app.set('trust proxy', false);
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req.get('x-request-id'));
    res.set('X-Request-Id', requestId);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // Route patterns only: paths carry ids, and bodies and queries are user content.
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      const tenant = (res.locals.tenant as string | undefined) ?? null;
      ctx.logger.info({ requestId, method: req.method, route, status: res.statusCode, tenant, ms: Math.round(seconds * 1000) }, 'request');
      ctx.metrics.observe(req.method, route, res.statusCode, seconds);
      if (req.originalUrl.startsWith('/v1/')) {
        const outcome = classifyStatus(res.statusCode);
        if (outcome !== 'ignored') ctx.availability.record(tenant, outcome === 'failed');
      }
    });
    next();
  });

  const openapi = buildOpenApi(API_VERSION);
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.get('/metrics', (_req, res, next) => {
    ctx.metrics.registry
      .metrics()
      .then((text) => res.type(ctx.metrics.registry.contentType).send(text))
      .catch(next);
  });
  app.use(BOARD_PATH, requireAdmin(ctx.config.auth.adminToken), createBoardRouter(ctx.queues));
  const { adminToken, operatorToken } = ctx.config.auth;
  app.use(OPS_PATH, requireBasic([adminToken, operatorToken], 'operator (password = OPERATOR_TOKEN or ADMIN_TOKEN)'));
  app.use(`${OPS_PATH}/queues`, createBoardRouter(ctx.queues, `${OPS_PATH}/queues`, true));
  app.use(OPS_PATH, createOpsRouter(ctx));

  // While Redis is away nothing under /v1 can work: answer 503 at once instead of hanging.
  app.use('/v1', (_req, _res, next) => {
    next(ctx.redis.status === 'ready' ? undefined : new ServiceUnavailableError('the job store (Redis) is unreachable; retry shortly'));
  });
  app.use('/v1', requireApiKey(ctx.apiKeys));
  app.use('/v1', rateLimit(ctx.redis, ctx.keys.rateLimitPrefix()));
  // Multipart bodies are uploads, read as streams by their handler; everything else is JSON.
  app.use(
    express.json({
      limit: jsonBodyLimit(ctx.config),
      strict: false,
      type: (req) => !String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/'),
    }),
  );

  for (const route of routes) app[route.method](route.path, adapt(route.handler(ctx)));

  app.use((req, _res, next) => next(new NotFoundError(`no route ${req.method} ${req.path}`)));
  app.use(errorHandler(ctx.logger));
  return app;
}
