import { Readable, Transform } from 'node:stream';
import { MediaTooLargeError } from '../errors/index.js';

/**
 * The first `size` bytes of `stream` (fewer when it ends sooner), and the
 * whole stream again, those bytes included, to go on reading from. Only the
 * head is held in memory. `abandon` stops reading the rest.
 */
export async function splitHead(stream: Readable, size: number): Promise<{ head: Buffer; whole: Readable; abandon: () => void }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let got = 0;
  let ended = false;
  while (got < size) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    got += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    if (ended) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: head.subarray(0, size), whole: Readable.from(rest(), { objectMode: false }), abandon: () => void it.return?.() };
}

/** Passes bytes through until more than `limit` went by, then fails with `media_too_large`. */
export function limitBytes(limit: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) done(new MediaTooLargeError(`the ${what} is larger than ${limit} bytes, the limit for ${what}s`, { details: { limit, kind: what } }));
      else done(null, chunk);
    },
  });
}
