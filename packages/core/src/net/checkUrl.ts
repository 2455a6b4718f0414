import net from 'node:net';
import { UrlNotAllowedError } from '../errors/index.js';
import { isPublicAddress } from './addressPolicy.js';
import { systemResolver, type Resolver } from './safeLookup.js';

export interface UrlPolicy {
  /** Lets loopback and private addresses through; for local development and tests only. */
  allowPrivateNetworks: boolean;
  resolve?: Resolver;
}

function refuse(message: string, url: URL): never {
  throw new UrlNotAllowedError(message, { details: { host: url.hostname } });
}

/**
 * Checks a URL the service is asked to contact: http(s) only, no credentials, and
 * (unless private networks are allowed) a host whose every address is public.
 * Literal IP hosts are judged here because sockets skip DNS lookup for them.
 */
export async function checkUrl(raw: string, policy: UrlPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlNotAllowedError('not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse('only http and https URLs are allowed', url);
  if (url.username || url.password) refuse('URLs with credentials are not allowed', url);
  if (policy.allowPrivateNetworks) return url;

  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    if (!isPublicAddress(host)) refuse(`address ${host} is not public`, url);
    return url;
  }
  let addresses;
  try {
    addresses = await (policy.resolve ?? systemResolver)(host);
  } catch {
    refuse(`host ${host} does not resolve`, url);
  }
  if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) {
    refuse(`host ${host} resolves to a non-public address`, url);
  }
  return url;
}
