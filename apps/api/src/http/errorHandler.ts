import type { ErrorRequestHandler } from 'express';
import { AppError, InternalError, InvalidJsonError, InvalidRequestError, PayloadTooLargeError, ServiceUnavailableError, type Logger } from '@crs/core';

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

/** The single place where errors become HTTP responses. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      logger.error({ method: req.method, path: req.path, err: (err as Error)?.message, stack: (err as Error)?.stack }, 'request failed');
    }
    if (appError instanceof ServiceUnavailableError) res.set('Retry-After', '5');
    if (res.headersSent) return res.end();
    res.status(appError.status).json({ error: appError.toJSON() });
  };
}
