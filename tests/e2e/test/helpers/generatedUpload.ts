import { createHash } from 'node:crypto';
import http from 'node:http';

/** The start of an MP4 (an `ftyp` box, brand isom): enough for the type to sniff as video/mp4. */
export const MP4_HEAD = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');

/** Deterministic bytes, generated chunk by chunk so a large upload never sits in memory. */
export function* generatedBody(head: Buffer, total: number, chunkSize = 256 * 1024): Generator<Buffer> {
  yield head;
  let sent = head.length;
  let seed = 0x2545f491;
  while (sent < total) {
    const chunk = Buffer.allocUnsafe(Math.min(chunkSize, total - sent));
    for (let i = 0; i + 4 <= chunk.length; i += 4) {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      chunk.writeUInt32LE(seed, i);
    }
    for (let i = chunk.length - (chunk.length % 4); i < chunk.length; i++) chunk[i] = 0;
    sent += chunk.length;
    yield chunk;
  }
}

export interface StreamedUpload {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** sha256 of the file bytes sent. */
  sha256: string;
  /** File bytes written before the answer arrived. */
  sentBeforeAnswer: number;
}

/**
 * POSTs a multipart upload of `chunks` to /v1/files over one http.request, with a
 * Content-Length, writing as the socket drains; stops sending when an answer arrives.
 */
export function streamUpload(baseUrl: string, key: string, chunks: Iterable<Buffer>, total: number): Promise<StreamedUpload> {
  const boundary = 'crs-stream-boundary';
  const open = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const close = Buffer.from(`\r\n--${boundary}--\r\n`);
  const hash = createHash('sha256');
  let sent = 0;
  let answered = false;
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': open.length + total + close.length },
    });
    req.on('response', (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined, sha256: hash.digest('hex'), sentBeforeAnswer });
        req.destroy();
      });
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const it = chunks[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        if (answered || req.destroyed) return;
        const next = it.next();
        if (next.done) {
          req.end(close);
          return;
        }
        hash.update(next.value);
        sent += next.value.length;
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    req.write(open);
    pump();
  });
}
