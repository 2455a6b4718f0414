import type { Socket } from 'node:net';
import { HeadersTooLargeError, InvalidHttpError, RequestTimeoutError, type AppError } from '@crs/core';
import { rawErrorAnswer } from './rawAnswer.js';

/** What Node's parser or timers report on a 'clientError'. */
interface ClientError extends Error {
  code?: string;
  reason?: string;
}

/** llhttp's reasons name what was wrong with the bytes (never anything of the server's), so they go to the caller. */
function describe(err: ClientError): AppError {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new HeadersTooLargeError('the request line and headers are larger than the server accepts; send fewer or shorter headers');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new RequestTimeoutError('the request took too long to arrive; send the headers and body without pauses');
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return new InvalidHttpError('the request has both Content-Length and Transfer-Encoding, or two Content-Length values; send one');
    case 'HPE_INVALID_CHUNK_SIZE':
      return new InvalidHttpError('the chunked body is malformed; each chunk starts with its size in hex followed by CRLF');
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return new InvalidHttpError('the Transfer-Encoding is not one the server reads; send chunked, or a Content-Length');
    case 'HPE_INVALID_CONTENT_LENGTH':
      return new InvalidHttpError('the Content-Length is not a single decimal number');
    case 'HPE_INVALID_HEADER_TOKEN':
      return new InvalidHttpError('a header name or value holds characters HTTP does not allow');
    default: {
      const reason = (err.reason ?? '').replace(/[^\w ,.'-]/g, '').slice(0, 80);
      return new InvalidHttpError(`the request is not valid HTTP/1.1${reason ? ` (${reason})` : ''}`);
    }
  }
}

/**
 * The server's 'clientError': requests Node's parser refuses and requests that
 * time out get the API's JSON error body, when the socket can still take one
 * (nothing of a response sent yet), then the connection is closed.
 */
export function answerClientError(err: ClientError, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(rawErrorAnswer(describe(err)));
  // The client may never read or close; do not keep its socket past a short grace.
  setTimeout(() => socket.destroy(), 2_000).unref();
}
