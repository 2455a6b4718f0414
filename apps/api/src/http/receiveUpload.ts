import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { AppError, InvalidRequestError, InvalidUploadError, MediaTooLargeError } from '@crs/core';

export interface UploadLimits {
  maxBytes: number;
  /** No bytes for this long: the upload is refused instead of holding its connection forever. */
  idleTimeoutMs: number;
}

/** busboy's own words for a broken body, turned into what the caller should do about it. */
function unreadable(err: Error): InvalidUploadError {
  const m = err.message;
  const message = /Unexpected end of (form|file)/i.test(m)
    ? 'the multipart body ended before its closing boundary; send the whole body, ending with --<boundary>--'
    : /boundary not found/i.test(m)
      ? 'the Content-Type has no boundary; send multipart/form-data; boundary=<boundary>'
      : /header/i.test(m)
        ? 'a part of the multipart body has malformed headers'
        : 'the multipart body cannot be read; send multipart/form-data with a part named "file"';
  return new InvalidUploadError(message, { cause: err });
}

/**
 * Streams the first file part of a multipart/form-data body into `store`,
 * which sees the bytes as they arrive (nothing is buffered here) and whose
 * answer is the upload's. busboy's size limit (`maxBytes`, the largest any
 * kind takes) is a backstop; `store` applies the kind's own. Every way a body
 * can go wrong (cut short, never terminated, garbage, a client that goes quiet
 * or away) fails the part's stream, so `store` cleans up, and settles the
 * promise with a 400 `invalid_upload`: an 'error' event left unheard on busboy's
 * file stream would end the process.
 */
export function receiveUpload<T>(
  stream: NodeJS.ReadableStream,
  headers: Record<string, string | undefined>,
  limits: UploadLimits,
  store: (file: Readable) => Promise<T>,
): Promise<T> {
  const { maxBytes, idleTimeoutMs } = limits;
  const contentType = headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    return Promise.reject(new InvalidRequestError('upload the file as multipart/form-data with a part named "file"'));
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { ...headers, 'content-type': contentType }, limits: { files: 1, fileSize: maxBytes, fields: 20 } });
    } catch (err) {
      reject(unreadable(err as Error));
      return;
    }
    const req = stream as IncomingMessage;
    let settled = false;
    let part: Readable | null = null;
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        // Paused by backpressure (the store is slower than the client): not the client's silence.
        if (req.readableFlowing === false && !settled) armIdle();
        else fail(new InvalidUploadError(`the upload stalled: no bytes arrived for ${Math.round(idleTimeoutMs / 1000)} s; send the whole body without pauses`));
      }, idleTimeoutMs);
    };
    const done = () => {
      settled = true;
      clearTimeout(idle);
      stream.removeListener('data', armIdle);
    };
    const fail = (err: Error) => {
      if (settled) return;
      done();
      stream.unpipe(parser);
      // The store sees the failure on its stream and removes what it wrote.
      part?.destroy(err);
      // Whatever busboy still holds is dropped; its later events have listeners that ignore them.
      parser.destroy();
      // A well-formed upload refused (too large, wrong type) is drained so the client reads the answer
      // instead of a reset; a broken one is left unread and its connection closed after the answer.
      if (!(err instanceof InvalidUploadError)) stream.resume();
      reject(err);
    };
    parser.on('file', (_name, file) => {
      part = file;
      file.on('error', (err: Error) => fail(err instanceof InvalidUploadError || err instanceof AppError ? err : unreadable(err)));
      // Deferred: busboy emits 'limit' in the middle of its own bookkeeping, which a destroyed part would break.
      file.on('limit', () => process.nextTick(() => fail(new MediaTooLargeError(`the file is larger than ${maxBytes} bytes`, { details: { limit: maxBytes } }))));
      store(file).then(
        (out) => {
          if (settled) return;
          done();
          resolve(out);
        },
        (err: Error) => fail(err),
      );
    });
    parser.on('error', (err: Error) => fail(unreadable(err)));
    parser.on('close', () => {
      if (!part) fail(new InvalidRequestError('the multipart body has no file part; send the file in a part named "file"'));
    });
    stream.on('data', armIdle);
    stream.on('error', () => fail(new InvalidUploadError('the connection failed before the upload was complete')));
    stream.on('close', () => {
      // The connection went away mid-body: nobody hears the answer, but the request must still end.
      if (!req.complete) fail(new InvalidUploadError('the connection closed before the upload was complete'));
    });
    armIdle();
    stream.pipe(parser);
  });
}
