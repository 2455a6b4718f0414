import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { AppError, MediaTooLargeError, UrlFetchFailedError } from '../errors/index.js';
import { resolveUrl, type PinnedAddress, type UrlPolicy } from '../net/checkUrl.js';

export interface FetchLimits {
  maxBytes: number;
  /** For the whole fetch, redirects included. */
  timeoutMs: number;
  maxRedirects: number;
}

export interface FetchedMedia {
  bytes: Buffer;
  /** The URL the bytes came from, after redirects. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A lookup that answers every name with the address checked beforehand. */
function pinnedLookup(pinned: PinnedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

type Hop = { kind: 'redirect'; location: string } | { kind: 'body'; bytes: Buffer };

function fetchOnce(url: URL, pinned: PinnedAddress, limits: FetchLimits, signal: AbortSignal): Promise<Hop> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // No shared agent: a pooled socket would skip the pinned lookup of this hop.
    const req = client.get(url, { agent: false, lookup: pinnedLookup(pinned), signal, headers: { accept: 'image/*, video/*, audio/*, */*;q=0.5' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location) {
        res.resume();
        resolve({ kind: 'redirect', location: new URL(res.headers.location, url).href });
        return;
      }
      if (status < 200 || status > 299) {
        res.resume();
        reject(new UrlFetchFailedError(`the URL answered HTTP ${status}`, { details: { status } }));
        return;
      }
      const declared = Number(res.headers['content-length']);
      const tooLarge = (size: number) =>
        new MediaTooLargeError(`the URL's content is ${size} bytes or more; the limit is ${limits.maxBytes}`, {
          details: { limit: limits.maxBytes },
        });
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        req.destroy();
        reject(tooLarge(declared));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          req.destroy();
          reject(tooLarge(size));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ kind: 'body', bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * Fetches media from a caller's URL without letting the caller reach inside the
 * network: each hop's host is resolved once, checked, and the connection pinned
 * to that address; every redirect is checked the same way and counted; size and
 * total time are capped.
 */
export async function fetchMedia(raw: string, policy: UrlPolicy, limits: FetchLimits): Promise<FetchedMedia> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let next = raw;
  for (let hop = 0; ; hop++) {
    const { url, pinned } = await resolveUrl(next, policy);
    let result: Hop;
    try {
      result = await fetchOnce(url, pinned, limits, signal);
    } catch (err) {
      if (err instanceof AppError) throw err;
      const reason = signal.aborted ? `no complete answer within ${limits.timeoutMs} ms` : (err as Error).message;
      throw new UrlFetchFailedError(`could not fetch the URL: ${reason}`, { cause: err });
    }
    if (result.kind === 'body') return { bytes: result.bytes, url: url.href };
    if (hop >= limits.maxRedirects) {
      throw new UrlFetchFailedError(`the URL redirects more than ${limits.maxRedirects} times`, {
        details: { maxRedirects: limits.maxRedirects },
      });
    }
    next = result.location;
  }
}
