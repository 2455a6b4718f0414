import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { InvalidHttpError, type Config } from '@crs/core';
import { answerClientError } from './clientError.js';
import { capConnectionsPerAddress } from './connectionCap.js';
import { sendResponse } from './sendResponse.js';

/**
 * The API's node:http server with its defences against slow and abusive
 * clients: header, request and keep-alive timeouts, a per-address connection
 * cap, and JSON answers to requests the parser refuses.
 */
export function createHttpServer(handle: RequestListener, limits: Config['server']): Server {
  let isRefused: (socket: Socket) => boolean = () => false;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node looks for expired requests only this often (30 s by default), which would let a slow client outlive its timeout by that much.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
      // Node's own refusal of a request without Host has an empty body; this one has the JSON error.
      requireHostHeader: false,
    },
    (req, res) => {
      if (isRefused(req.socket)) return;
      if (req.httpVersion === '1.1' && !req.headers.host) {
        res.shouldKeepAlive = false;
        sendResponse(res, { status: 400, body: { error: new InvalidHttpError('an HTTP/1.1 request needs a Host header').toJSON() } });
        return;
      }
      handle(req, res);
    },
  );
  isRefused = capConnectionsPerAddress(server, limits.maxConnectionsPerAddress);
  server.on('clientError', answerClientError);
  return server;
}
