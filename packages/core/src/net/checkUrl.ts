import net from 'node:net';
import { UrlNotAllowedError } from '../errors/index.js';
import { isPublicAddress } from './addressPolicy.js';
import { systemResolver, type Resolver } from './safeLookup.js';

export interface UrlPolicy {
  /** Lets loopback and private addresses through; for local development and tests only. */
  allowPrivateNetworks: boolean;
  resolve?: Resolver;
  /**
   * Which addresses count as reachable when private networks are not allowed;
   * public unicast by default. Tests let one loopback server stand in for a
   * public host while every other address keeps the production rule.
   */
  isAllowedAddress?: (address: string) => boolean;
}

/** The address a checked URL's connection must go to, and nowhere else. */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

function refuse(message: string, url: URL): never {
  throw new UrlNotAllowedError(message, { details: { host: url.hostname } });
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlNotAllowedError('not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse('only http and https URLs are allowed', url);
  if (url.username || url.password) refuse('URLs with credentials are not allowed', url);
  return url;
}

/**
 * Checks a URL the service is asked to contact and resolves its host once: http(s)
 * only, no credentials, and (unless private networks are allowed) a host whose
 * every address is allowed. The caller connects to the returned address, so the
 * address checked is the address used (no DNS-rebinding window).
 */
export async function resolveUrl(raw: string, policy: UrlPolicy): Promise<{ url: URL; pinned: PinnedAddress }> {
  const url = parseUrl(raw);
  const allowed = policy.allowPrivateNetworks ? () => true : (policy.isAllowedAddress ?? isPublicAddress);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = net.isIP(host);
  if (literal) {
    if (!allowed(host)) refuse(`address ${host} is not public`, url);
    return { url, pinned: { address: host, family: literal as 4 | 6 } };
  }
  let addresses;
  try {
    addresses = await (policy.resolve ?? systemResolver)(host);
  } catch {
    refuse(`host ${host} does not resolve`, url);
  }
  if (addresses.length === 0 || addresses.some((a) => !allowed(a.address))) {
    refuse(`host ${host} resolves to a non-public address`, url);
  }
  const first = addresses[0]!;
  return { url, pinned: { address: first.address, family: first.family === 6 ? 6 : 4 } };
}

/** Checks a URL without keeping the resolved address (webhook subscriptions, checked again on delivery). */
export async function checkUrl(raw: string, policy: UrlPolicy): Promise<URL> {
  return (await resolveUrl(raw, policy)).url;
}
