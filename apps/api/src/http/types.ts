import type { Readable } from 'node:stream';

/** A request as handlers see it: no Express types, so handlers stay framework-neutral. */
export interface ApiRequest {
  /** The authenticated tenant; null on routes that need no API key. */
  tenant: string | null;
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
  /** Piped as it is read, for file downloads too large to hold (a blob streamed from S3). */
  stream?: Readable;
  headers?: Record<string, string>;
}

export type Handler = (req: ApiRequest) => Promise<ApiResponse>;

/** The tenant of an authenticated route (the auth middleware guarantees it). */
export function tenantOf(req: ApiRequest): string {
  if (!req.tenant) throw new Error('handler on an authenticated route reached without a tenant');
  return req.tenant;
}
