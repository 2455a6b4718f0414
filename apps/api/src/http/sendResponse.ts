import type { ServerResponse } from 'node:http';
import type { ApiResponse } from './types.js';

/** Writes a handler's answer: its headers, its status, then raw bytes, a stream or JSON. */
export function sendResponse(res: ServerResponse, out: ApiResponse): void {
  if (out.headers) for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value);
  res.statusCode = out.status;
  if (out.bytes) {
    res.end(out.bytes);
    return;
  }
  if (out.stream) {
    // A source failing midway (the store went away) cuts the answer short rather than ending it as if whole.
    out.stream.on('error', () => res.destroy());
    out.stream.pipe(res);
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
