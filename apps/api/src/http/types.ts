/** A request as handlers see it: no Express types, so handlers stay framework-neutral. */
export interface ApiRequest {
  /** The authenticated tenant; null on routes that need no API key. */
  tenant: string | null;
  /** The id of the API key that authenticated the request (see ApiKeyInfo.id); null on routes that need none. */
  keyId: string | null;
  params: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** The unparsed body, for routes that take uploads (multipart bodies are not parsed as JSON). */
  stream: NodeJS.ReadableStream;
}

export interface ApiResponse {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as they are, for file downloads; the handler sets Content-Type. */
  bytes?: Buffer;
  /** Sent as they come, for answers too long to hold at once (exports); the handler sets Content-Type. */
  stream?: AsyncIterable<string>;
  headers?: Record<string, string>;
}

export type Handler = (req: ApiRequest) => Promise<ApiResponse>;

/** The API key of an authenticated route (the auth middleware guarantees it). */
export function keyIdOf(req: ApiRequest): string {
  if (!req.keyId) throw new Error('handler on an authenticated route reached without an API key');
  return req.keyId;
}

/** The tenant of an authenticated route (the auth middleware guarantees it). */
export function tenantOf(req: ApiRequest): string {
  if (!req.tenant) throw new Error('handler on an authenticated route reached without a tenant');
  return req.tenant;
}
