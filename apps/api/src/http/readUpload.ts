import busboy from 'busboy';
import { InvalidRequestError, MediaTooLargeError } from '@crs/core';

/**
 * Reads the first file part of a multipart/form-data body, refusing it as soon
 * as it passes `maxBytes` instead of buffering the excess.
 */
export function readUpload(stream: NodeJS.ReadableStream, headers: Record<string, string | undefined>, maxBytes: number): Promise<Buffer> {
  const contentType = headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    return Promise.reject(new InvalidRequestError('upload the file as multipart/form-data with a part named "file"'));
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { ...headers, 'content-type': contentType }, limits: { files: 1, fileSize: maxBytes, fields: 20 } });
    } catch (err) {
      reject(new InvalidRequestError(`the multipart body cannot be read: ${(err as Error).message}`));
      return;
    }
    let file: Buffer | null = null;
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      stream.unpipe(parser);
      // Drain what is left so the client gets the answer instead of a reset.
      stream.resume();
      reject(err);
    };
    parser.on('file', (_name, part) => {
      const chunks: Buffer[] = [];
      part.on('data', (c: Buffer) => chunks.push(c));
      part.on('limit', () => fail(new MediaTooLargeError(`the file is larger than ${maxBytes} bytes`, { details: { limit: maxBytes } })));
      part.on('end', () => {
        if (!failed) file = Buffer.concat(chunks);
      });
    });
    parser.on('error', (err: Error) => fail(new InvalidRequestError(`the multipart body cannot be read: ${err.message}`)));
    parser.on('close', () => {
      if (failed) return;
      if (!file) reject(new InvalidRequestError('the multipart body has no file part; send the file in a part named "file"'));
      else if (file.length === 0) reject(new InvalidRequestError('the uploaded file is empty'));
      else resolve(file);
    });
    stream.pipe(parser);
  });
}
