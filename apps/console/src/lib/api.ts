import { authorization, type Session } from './session';

/** An answer other than 2xx, with the service's stable error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (error?.code) return new ApiError(res.status, error.code, error.message ?? error.code);
  } catch {
    // not JSON
  }
  return new ApiError(res.status, `http_${res.status}`, text.slice(0, 200) || res.statusText);
}

export async function send(session: Session, method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const { body } = options;
  const isForm = body instanceof FormData;
  const res = await fetch(path, {
    method,
    headers: {
      authorization: authorization(session),
      ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    signal: options.signal ?? null,
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!res.ok) throw await errorOf(res);
  return res;
}

export async function call<T>(session: Session, method: string, path: string, options: RequestOptions = {}): Promise<{ status: number; body: T }> {
  const res = await send(session, method, path, options);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Bytes the service keeps for the tenant (uploads, video frames), as an object URL for <img>/<video>. */
export async function blobUrl(session: Session, path: string, signal?: AbortSignal): Promise<string> {
  const res = await send(session, 'GET', path, signal ? { signal } : {});
  return URL.createObjectURL(await res.blob());
}

export const describeError = (err: unknown): string => (err instanceof ApiError ? `${err.message} (${err.code})` : err instanceof Error ? err.message : String(err));
