import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ApiResponse } from './types.js';

/** Writes a handler's answer: its headers, its status, then raw bytes or JSON. */
export function sendResponse(res: ServerResponse, out: ApiResponse): void {
  if (out.headers) for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value);
  res.statusCode = out.status;
  if (out.stream) {
    // The status is sent; a failure half-way can only cut the answer short, which the client sees.
    pipeline(Readable.from(out.stream), res).catch(() => res.destroy());
    return;
  }
  if (out.bytes) {
    res.end(out.bytes);
    return;
  }
  if (out.body === undefined) {
    res.end();
    return;
  }
  const json = JSON.stringify(out.body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}
