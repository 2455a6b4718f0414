import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * Swagger UI's prebuilt files, served from node_modules: the reference page makes no request to any CDN.
 * swagger-ui-dist is plain static files with no runtime dependencies, so it adds nothing to an install
 * on Node 20 (Scalar's package pulled in an AI chat SDK that wants Node 22).
 */
function swaggerUiDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Content recognition service — API reference</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="app"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

// The validator badge would call validator.swagger.io; the page must work on a machine with no way out.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#app',
  validatorUrl: null,
  docExpansion: 'list',
  deepLinking: true,
  tryItOutEnabled: false,
});
`;

/** `/docs`: an interactive reference rendered in the browser from `/openapi.json`. */
export function docsRouter(): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.set('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'");
    res.type('html').send(PAGE);
  });
  router.get('/init.js', (_req, res) => {
    res.type('text/javascript').send(INIT);
  });
  router.use('/assets', express.static(swaggerUiDir(), { immutable: true, maxAge: '1d', index: false }));
  return router;
}
