import express, { type Express } from 'express';
import type { RequestListener, Server } from 'node:http';
import { BEARER_REQUIRED, hasBearerToken, NotFoundError } from '@crs/core';
import { BOARD_PATH, createBoardRouter, OPS_PATH } from './board.js';
import type { ApiContext } from './context.js';
import { createHttpServer } from './http/createHttpServer.js';
import { errorHandler } from './http/errorHandler.js';
import { trackRequest } from './http/requestLog.js';
import { requireAdmin, requireBasic } from './http/requireAdmin.js';
import { serveApi } from './http/serveApi.js';
import { createOpsRouter } from './ops.js';
import { docsRouter } from './docs.js';
import { CONSOLE_PATH, consoleRouter } from './console.js';
import { buildOpenApi } from './openapi/buildOpenApi.js';
import { routes } from './routes.js';

export const API_VERSION = '0.1.0';

export interface ApiApp {
  /** Every request: the API's routes, then the operator pages. */
  readonly handle: RequestListener;
  listen(port: number, host: string, onListening?: () => void): Server;
}

/** The API's routes in front of the operator pages; no listening here, so tests mount it on a random port. */
export function createApp(ctx: ApiContext): ApiApp {
  const handle = serveApi(ctx, routes, createOperatorPages(ctx));
  return { handle, listen: (port, host, onListening) => createHttpServer(handle, ctx.config.server).listen(port, host, onListening) };
}

/** Bull Board, the /ops pages, /metrics, the OpenAPI document and the console, on Express; anything else is a 404. */
function createOperatorPages(ctx: ApiContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    trackRequest(ctx, req, res, () => ({ route: req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched', tenant: null }));
    next();
  });

  const openapi = buildOpenApi(API_VERSION);
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/docs', docsRouter());
  app.use(CONSOLE_PATH, consoleRouter());
  const { token: metricsToken } = ctx.config.metrics;
  app.get('/metrics', (req, res, next) => {
    // Open by default, for Prometheus; METRICS_TOKEN closes it to everyone without the token.
    if (metricsToken && !hasBearerToken(req.get('authorization'), metricsToken)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"').status(401).json(BEARER_REQUIRED);
      return;
    }
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

  app.use((req, _res, next) => next(new NotFoundError(`no route ${req.method} ${req.path}`)));
  app.use(errorHandler(ctx.logger));
  return app;
}
