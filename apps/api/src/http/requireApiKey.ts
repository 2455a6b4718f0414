import type { RequestHandler } from 'express';
import { UnauthorizedError, type ApiKeyStore } from '@crs/core';

/** `Authorization: Bearer <key>` → `res.locals.tenant` and `res.locals.apiKey`, or 401. */
export function requireApiKey(apiKeys: ApiKeyStore): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer');
      return next(new UnauthorizedError('send your API key as "Authorization: Bearer <key>"'));
    }
    apiKeys
      .resolve(match[1]!)
      .then((identity) => {
        if (!identity) {
          res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
          return next(new UnauthorizedError('the API key is not valid'));
        }
        res.locals.tenant = identity.tenant;
        res.locals.apiKey = identity;
        next();
      })
      .catch(next);
  };
}
