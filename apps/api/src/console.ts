import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { ServiceUnavailableError } from '@crs/core';

export const CONSOLE_PATH = '/console';

/** The console's built files (`npm run build -w @crs/console`), found through node_modules like swagger-ui-dist. */
function consoleDistDir(): string | null {
  try {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@crs/console/package.json')), 'dist');
    return fs.existsSync(path.join(dir, 'index.html')) ? dir : null;
  } catch {
    return null;
  }
}

// Everything from this origin only; blob: for thumbnails and previews fetched with the caller's key;
// inline styles for the chart library's sizing.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * `/console`: the single-page web console, from its own built files. Its
 * pages sign in with an API key or the operator token kept in the tab's
 * sessionStorage and sent as a header, so the files themselves are public.
 */
export function consoleRouter(): Router {
  const router = express.Router();
  const dir = consoleDistDir();
  router.use((_req, res, next) => {
    res.set('Content-Security-Policy', CSP);
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
    next();
  });
  if (!dir) {
    router.use((_req, _res, next) => next(new ServiceUnavailableError('the console is not built: run npm run build')));
    return router;
  }
  // Hashed file names never change content: cache them; the page itself is revalidated.
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.get('/', (req, res) => {
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) {
      res.redirect(301, `${CONSOLE_PATH}/`);
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(path.join(dir, 'index.html'));
  });
  return router;
}
