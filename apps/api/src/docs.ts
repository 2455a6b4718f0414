import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

/** Scalar's browser build, served from node_modules: the reference page makes no request to any CDN. */
function scalarBrowserDir(): string {
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  return path.join(path.dirname(entry), 'browser');
}

// Fonts off: Scalar's default fonts come from its own CDN, and the page must work on a machine with no way out.
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Content recognition service — API reference</title>
</head>
<body>
  <div id="app"></div>
  <script src="/docs/assets/standalone.js"></script>
  <script>
    Scalar.createApiReference('#app', {
      url: '/openapi.json',
      withDefaultFonts: false,
      hideClientButton: true,
      defaultOpenAllTags: true,
      showDeveloperTools: 'never',
      telemetry: false,
      agent: { disabled: true },
    });
  </script>
</body>
</html>`;

/** `/docs`: an interactive reference rendered in the browser from `/openapi.json`. */
export function docsRouter(): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.set('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'");
    res.type('html').send(PAGE);
  });
  router.use('/assets', express.static(scalarBrowserDir(), { immutable: true, maxAge: '1d', index: false }));
  return router;
}
