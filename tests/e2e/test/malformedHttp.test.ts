import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from './helpers/rawHttp.js';
import { KEYS, startStack, type Stack } from './helpers/stack.js';

const AUTH = `Authorization: Bearer ${KEYS.acme}`;

/** Requests Node's own HTTP parser refuses, each with the answer it must get: status and stable code. */
const MALFORMED: [string, number, string, string | Buffer][] = [
  ['a chunk size that is not hex', 400, 'invalid_http', `POST /v1/jobs HTTP/1.1\r\nHost: x\r\n${AUTH}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
  ['a chunk not followed by CRLF', 400, 'invalid_http', `POST /v1/jobs HTTP/1.1\r\nHost: x\r\n${AUTH}\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n`],
  ['two different Content-Length values', 400, 'invalid_http', `POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`],
  ['Content-Length beside Transfer-Encoding: chunked', 400, 'invalid_http', `POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`],
  ['a Content-Length that is not a number', 400, 'invalid_http', `POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n{}`],
  ['a Transfer-Encoding other than chunked', 400, 'invalid_http', `POST /v1/jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n{}`],
  ['headers larger than the limit', 431, 'headers_too_large', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  ['a NUL in a header value', 400, 'invalid_http', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n`],
  ['a space in a header name', 400, 'invalid_http', `GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n`],
  ['a method of symbols', 400, 'invalid_http', `G@T /healthz HTTP/1.1\r\nHost: x\r\n\r\n`],
  ['an HTTP version that does not exist', 400, 'invalid_http', `GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n`],
  ['a TLS handshake on the plain port', 400, 'invalid_http', Buffer.from('16030100a5010000a10303000102030405060708090a0b0c0d0e0f', 'hex')],
  ['an HTTP/1.1 request without Host', 400, 'invalid_http', `GET /healthz HTTP/1.1\r\nAccept: */*\r\n\r\n`],
];

describe("requests Node's HTTP parser refuses get the API's JSON error body", () => {
  let stack: Stack;
  let port: number;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    port = Number(new URL(stack.baseUrl).port);
  });
  afterAll(() => stack?.close());

  it.each(MALFORMED)('%s → %i %s', async (_name, status, code, bytes) => {
    const res = await rawExchange(port, [bytes], { timeoutMs: 5_000, untilClose: true });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json.error.code).toBe(code);
    expect(res.json.error.message).toMatch(/\w/);
    // The connection is closed after the answer, not left to the client.
    expect(res.closed).toBe(true);
  });

  it('keeps serving well-formed requests', async () => {
    expect((await stack.call('GET', '/v1/jobs')).status).toBe(200);
    expect((await stack.call('GET', '/healthz')).status).toBe(200);
  });
});
