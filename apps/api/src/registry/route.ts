import type { z } from 'zod';
import type { ApiContext } from '../context.js';
import type { Handler } from '../http/types.js';

export interface RouteResponse {
  description: string;
  /** The JSON body; absent for empty answers. */
  schema?: z.ZodType;
  /** For answers that are not JSON (file bytes). */
  contentType?: string;
}

/**
 * One operation of the public API. The router, the input validation and the
 * OpenAPI document are all derived from these declarations.
 */
export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style, parameters named for what they are: `/v1/face/collections/:collectionId`. */
  path: string;
  /** Needs `Authorization: Bearer <api key>`. */
  auth: boolean;
  operationId: string;
  summary: string;
  tag: string;
  /** The JSON body: validated before the handler runs (unknown fields refused), and the handler gets the parsed value. */
  body?: z.ZodType;
  /** Documented instead of `body` when the route checks part of it later (POST /v1/jobs checks `input` per task). */
  documentedBody?: unknown;
  /** The body is a multipart upload, streamed by the handler. */
  upload?: true;
  /** Query parameters; the handler parses them (they arrive as strings). */
  query?: z.ZodObject;
  /** Request headers the route reads. */
  headers?: { name: string; description: string }[];
  responses: Partial<Record<number, RouteResponse>>;
  /** Stable error codes this route can answer with, beyond those every route can (see openapi/errorCodes.ts). */
  errors: string[];
  handler: (ctx: ApiContext) => Handler;
}
