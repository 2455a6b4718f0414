export { createApp, API_VERSION, type ApiApp } from './createApp.js';
export { jsonBodyLimit } from './http/jsonBody.js';
export { createContext, type ApiContext } from './context.js';
export { buildOpenApi } from './openapi/buildOpenApi.js';
export { routes, type Route } from './routes.js';
export { API_DRAIN_MS } from './drain.js';
