import type { ErrorRequestHandler } from 'express';
import { AppError, IdempotencyKeyPendingError, InternalError, InvalidJsonError, InvalidRequestError, PayloadTooLargeError, redactPaths, ServiceUnavailableError, type Logger } from '@crs/core';
import { sendResponse } from './sendResponse.js';
import type { ApiResponse } from './types.js';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

const REDIS_DOWN = /enableOfflineQueue|Connection is closed|ECONNREFUSED|ECONNRESET|MaxRetriesPerRequest|Redis is unavailable/i;

/** Turns whatever was thrown into the one error the caller sees. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return new InvalidJsonError('the request body is not valid JSON');
    case 'entity.too.large':
      return new PayloadTooLargeError('the request body is larger than the configured limit (BODY_LIMIT_BYTES)');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new InvalidRequestError('the request body must be UTF-8 JSON');
  }
  if (e?.status && e.status >= 400 && e.status < 500) return new InvalidRequestError(e.message);
  if (e?.name === 'MaxRetriesPerRequestError' || REDIS_DOWN.test(String(e?.message))) {
    return new ServiceUnavailableError('the job store (Redis) is unreachable; retry shortly', { cause: err });
  }
  return new InternalError('an internal error occurred', { cause: err });
}

/**
 * The single place where errors become HTTP responses, for the API's routes
 * and the operator pages alike. Server faults are logged with where they
 * happened; the caller sees only the stable code and message, with any server
 * path in it redacted (the request's own path is the caller's and stays).
 */
export function errorResponse(err: unknown, logger: Logger, where: { method: string | undefined; path: string; requestId?: string | undefined }): ApiResponse {
  const appError = toAppError(err);
  // A pending idempotency key is an expected answer under concurrent retries, not a fault.
  if (appError.status >= 500 && !(appError instanceof IdempotencyKeyPendingError)) {
    logger.error({ ...where, err: (err as Error)?.message, stack: (err as Error)?.stack }, 'request failed');
  }
  const json = appError.toJSON();
  return {
    status: appError.status,
    body: { error: { ...json, message: redactPaths(json.message, [where.path]), ...(where.requestId ? { requestId: where.requestId } : {}) } },
    ...(appError instanceof ServiceUnavailableError ? { headers: { 'Retry-After': '5' } } : {}),
    ...(appError instanceof IdempotencyKeyPendingError ? { headers: { 'Retry-After': '1' } } : {}),
  };
}

/** `errorResponse` as Express's error middleware, for the operator pages. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const id = res.getHeader('X-Request-Id');
    const out = errorResponse(err, logger, { method: req.method, path: req.path, requestId: typeof id === 'string' ? id : undefined });
    if (res.headersSent) return res.end();
    sendResponse(res, out);
  };
}
