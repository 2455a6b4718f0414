export { createApp, API_VERSION, jsonBodyLimit } from './createApp.js';
export { createContext, type ApiContext } from './context.js';
export { buildOpenApi } from './openapi/buildOpenApi.js';
export { routes, type Route } from './routes.js';
