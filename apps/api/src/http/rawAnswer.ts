import { STATUS_CODES } from 'node:http';
import type { AppError } from '@crs/core';

/**
 * A whole HTTP/1.1 response as bytes, with the API's JSON error body, for the
 * places that answer on a bare socket (no ServerResponse exists): the parser
 * refused the request, a timeout hit, a connection over the cap. The
 * connection always closes after it.
 */
export function rawErrorAnswer(error: AppError, headers: Record<string, string> = {}): string {
  const body = JSON.stringify({ error: error.toJSON() });
  const lines = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
