import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Handler } from './types.js';

/** Runs a framework-neutral handler as Express middleware. */
export function adapt(handler: Handler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    handler({
      tenant: (res.locals.tenant as string | undefined) ?? null,
      params: req.params as Record<string, string>,
      query: req.query as Record<string, unknown>,
      headers,
      body: req.body,
      stream: req,
    })
      .then((out) => {
        if (out.headers) res.set(out.headers);
        res.status(out.status);
        if (out.bytes) res.end(out.bytes);
        else if (out.body === undefined) res.end();
        else res.json(out.body);
      })
      .catch(next);
  };
}
