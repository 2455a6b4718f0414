import ipaddr from 'ipaddr.js';

/**
 * True only for globally routable unicast addresses. Loopback, private, link-local
 * (which holds the 169.254.169.254 cloud metadata endpoint), carrier-grade NAT
 * (100.64/10, home of some clouds' metadata service), unique-local IPv6,
 * multicast, reserved and tunnelling ranges (6to4, Teredo, NAT64) that can wrap
 * a private IPv4 address are all refused.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}
