import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

export interface PostOptions {
  timeoutMs: number;
  /** DNS lookup used for the connection itself; the SSRF-safe one unless private networks are allowed. */
  lookup?: LookupFunction;
}

/** POSTs a body and resolves with the status code; the response body is drained and ignored. */
export function postJson(url: URL, body: string, headers: Record<string, string>, options: PostOptions): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        timeout: options.timeoutMs,
        ...(options.lookup ? { lookup: options.lookup } : {}),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
