import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/**
 * A pass-through that counts and hashes what flows through it, for stores that
 * write a stream. (Not `size`: the AWS SDK takes a `size` for a body's length.)
 */
export function measure(): Transform & { readonly bytes: number; readonly sha256: () => string } {
  const hash = createHash('sha256');
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  let digest: string | undefined;
  // defineProperty, not Object.assign, which would copy the getter's value once instead of the getter.
  Object.defineProperty(t, 'bytes', { get: () => size });
  return Object.assign(t, { sha256: () => (digest ??= hash.digest('hex')) }) as Transform & { readonly bytes: number; readonly sha256: () => string };
}

/**
 * The hex sha256 of bytes already in memory, computed on libuv's thread pool
 * (WebCrypto's digest) rather than on the event loop: a restored 12 MP PNG is
 * tens of megabytes, tens of milliseconds of hashing on a loaded machine.
 */
export async function sha256OffLoop(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await globalThis.crypto.subtle.digest('SHA-256', bytes)).toString('hex');
}
