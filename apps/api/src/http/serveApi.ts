import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { InvalidUploadError, NotFoundError, parseRequest, ServiceUnavailableError, type TooManyFailedAuthError } from '@crs/core';
import type { ApiContext } from '../context.js';
import type { Route } from '../registry/route.js';
import { authenticate } from './authenticate.js';
import { errorResponse } from './errorHandler.js';
import { failedAuthGuard } from './failedAuthGuard.js';
import { jsonBodyReader } from './jsonBody.js';
import { rateLimit } from './rateLimit.js';
import { trackRequest } from './requestLog.js';
import { RouteTable, type RouteMatch } from './routeTable.js';
import { sendResponse } from './sendResponse.js';
import type { ApiResponse, Handler } from './types.js';

const V1 = /^\/v1(?:\/|$)/i;

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return headers;
}

/** An error answered by a handler (a sync route's failed job) carries the request's id as thrown errors do. */
function withRequestId(out: ApiResponse, requestId: string): ApiResponse {
  const body = out.body as { error?: Record<string, unknown> } | undefined;
  if (out.status < 400 || !body?.error || typeof body.error !== 'object') return out;
  return { ...out, body: { ...body, error: { ...body.error, requestId } } };
}

function withRetryAfter(res: ServerResponse, error: TooManyFailedAuthError): TooManyFailedAuthError {
  res.setHeader('Retry-After', String(error.details?.retryAfterSeconds ?? 1));
  return error;
}

/**
 * The API's routes served straight from node:http, in front of the Express
 * app that keeps the operator pages (Bull Board, /ops, /metrics, the OpenAPI
 * document). The handlers are framework-neutral, so this is a second thin
 * adapter beside Express's: it does what the Express middleware chain did
 * for `/v1` (503 while Redis is away, API key, rate limit, JSON body, 404,
 * one error mapping) at less than half its cost per request, which is most
 * of the API's share of a sync call.
 */
export function serveApi(ctx: ApiContext, routes: Route[], operatorPages: RequestListener): RequestListener {
  const table = new RouteTable(routes.map((r) => ({ method: r.method, path: r.path, value: { auth: r.auth, body: r.body, handler: r.handler(ctx) } })));
  const readJson = jsonBodyReader(ctx.config);
  const limit = rateLimit(ctx.redis, ctx.keys.rateLimitPrefix());
  const { failureLimit, failureWindowSeconds } = ctx.config.auth;
  const guard = failedAuthGuard(ctx.redis, ctx.keys.failedAuthPrefix(), failureLimit, failureWindowSeconds);

  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const v1 = V1.test(path);
    let found: RouteMatch<{ auth: boolean; body: Route['body']; handler: Handler }> | null = null;
    let badPath: unknown;
    try {
      found = table.match(req.method ?? 'GET', path);
    } catch (err) {
      badPath = err;
    }
    if (!found && !badPath && !v1) {
      operatorPages(req, res);
      return;
    }
    let tenant: string | null = null;
    let keyId: string | null = null;
    trackRequest(ctx, req, res, () => ({ route: found?.route.path ?? 'unmatched', tenant }));

    const answer = async (): Promise<ApiResponse> => {
      // While Redis is away nothing under /v1 can work: answer 503 at once instead of hanging.
      if (v1 && ctx.redis.status !== 'ready') throw new ServiceUnavailableError('the job store (Redis) is unreachable; retry shortly');
      // The table says which routes need a key; an unknown /v1 path asks for one too, so only a caller
      // with a key learns which paths exist.
      if (found ? found.route.value.auth : v1) {
        const address = req.socket.remoteAddress ?? 'unknown';
        const auth = await authenticate(ctx.apiKeys, req.headers.authorization);
        if ('error' in auth) {
          // Only a key that was sent and is wrong counts as a guess; a missing header is not one.
          const refused = auth.presented ? await guard.failed(address) : null;
          if (refused) throw withRetryAfter(res, refused);
          res.setHeader('WWW-Authenticate', auth.challenge);
          throw auth.error;
        }
        const refused = guard.admitted(address, auth.identity.id);
        if (refused) throw withRetryAfter(res, refused);
        tenant = auth.identity.tenant;
        keyId = auth.identity.id;
        const rate = await limit(auth.identity);
        for (const [name, value] of Object.entries(rate.headers)) res.setHeader(name, value);
        if (rate.error) throw rate.error;
      }
      if (badPath) throw badPath;
      if (!found) throw new NotFoundError(`no route ${req.method} ${path}`);
      const raw = await readJson(req, res);
      // The registry's schema checks the body once, for every route alike: unknown fields are refused by name.
      const schema = found.route.value.body;
      const body = schema ? parseRequest(schema, raw ?? {}, 'body') : raw;
      return found.route.value.handler({
        tenant,
        keyId,
        params: found.params,
        query: q < 0 ? {} : parseQuery(url.slice(q + 1)),
        headers: flatHeaders(req),
        body,
        stream: req,
      });
    };
    const requestId = String(res.getHeader('X-Request-Id'));
    answer()
      .then((out) => sendResponse(res, withRequestId(out, requestId)))
      .catch((err: unknown) => {
        const out = errorResponse(err, ctx.logger, { method: req.method, path, requestId });
        // A broken or stalled upload: close rather than read on, since the rest may never come or never end.
        if (err instanceof InvalidUploadError && !req.complete) out.headers = { ...out.headers, Connection: 'close' };
        if (res.headersSent) res.end();
        else sendResponse(res, out);
      });
  };
}
