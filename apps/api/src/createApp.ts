import express, { type Express } from 'express';
import { NotFoundError, ServiceUnavailableError, type Config } from '@crs/core';
import { BOARD_PATH, createBoardRouter } from './board.js';
import type { ApiContext } from './context.js';
import { adapt } from './http/adapt.js';
import { errorHandler } from './http/errorHandler.js';
import { requireAdmin } from './http/requireAdmin.js';
import { requireApiKey } from './http/requireApiKey.js';
import { buildOpenApi } from './openapi/buildOpenApi.js';
import { routes } from './routes.js';

export const API_VERSION = '0.1.0';

/** Big enough for an image of the largest allowed size sent inline as base64; larger media go by upload or URL. */
export function jsonBodyLimit(config: Config): number {
  return Math.max(config.server.bodyLimitBytes, Math.ceil((config.media.maxBytes.image * 4) / 3) + 64 * 1024);
}

/** The Express app; no listening here, so tests mount it on a random port. */
export function createApp(ctx: ApiContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.logger.info({ method: req.method, route: req.route?.path ?? req.path, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  });

  const openapi = buildOpenApi(API_VERSION);
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(BOARD_PATH, requireAdmin(ctx.config.auth.adminToken), createBoardRouter(ctx.queues));

  // While Redis is away nothing under /v1 can work: answer 503 at once instead of hanging.
  app.use('/v1', (_req, _res, next) => {
    next(ctx.redis.status === 'ready' ? undefined : new ServiceUnavailableError('the job store (Redis) is unreachable; retry shortly'));
  });
  app.use('/v1', requireApiKey(ctx.apiKeys));
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
