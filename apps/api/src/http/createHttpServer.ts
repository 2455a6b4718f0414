import { createServer, type RequestListener, type Server } from 'node:http';
import { InvalidHttpError } from '@crs/core';
import { answerClientError } from './clientError.js';
import { sendResponse } from './sendResponse.js';

/** The API's node:http server, with JSON answers to requests the parser refuses. */
export function createHttpServer(handle: RequestListener): Server {
  const server = createServer(
    {
      // Node's own refusal of a request without Host has an empty body; this one has the JSON error.
      requireHostHeader: false,
    },
    (req, res) => {
      if (req.httpVersion === '1.1' && !req.headers.host) {
        res.shouldKeepAlive = false;
        sendResponse(res, { status: 400, body: { error: new InvalidHttpError('an HTTP/1.1 request needs a Host header').toJSON() } });
        return;
      }
      handle(req, res);
    },
  );
  server.on('clientError', answerClientError);
  return server;
}
