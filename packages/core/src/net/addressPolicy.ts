import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { embeddedIPv4 } from './embeddedIPv4.js';

/** IANA's global unicast block; IPv6 outside it (embedding forms aside) is not routable on the internet. */
const GLOBAL_UNICAST: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('2000::'), 3];

function isPublicIPv4(address: ipaddr.IPv4): boolean {
  return address.range() === 'unicast';
}

function isPublicIPv6(address: ipaddr.IPv6): boolean {
  // A zone id only means something for a scoped (link-local) address.
  if (address.zoneId !== undefined) return false;
  const embedded = embeddedIPv4(address);
  if (embedded) {
    if (!embedded.addresses.every(isPublicIPv4)) return false;
    if (embedded.wrapper) return true;
  }
  return address.range() === 'unicast' && address.match(GLOBAL_UNICAST);
}

/**
 * True only for globally routable unicast addresses. Loopback, private, link-local
 * (which holds the 169.254.169.254 cloud metadata endpoint), carrier-grade NAT
 * (100.64/10, home of some clouds' metadata service), unique-local IPv6, multicast
 * and reserved ranges are refused. An IPv6 address that embeds IPv4 addresses
 * (IPv4-compatible, IPv4-mapped, IPv4-translated, NAT64, 6to4, Teredo, ISATAP) is
 * judged by the addresses it embeds, so `::7f00:1` counts as 127.0.0.1.
 *
 * Only the plain literal forms Node connects to are accepted: `2130706433` or
 * `0x7f.1` (which URL parsing already turns into 127.0.0.1) never reach here as
 * anything but a refusal.
 */
export function isPublicAddress(address: string): boolean {
  if (net.isIP(address) === 0) return false;
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv4' ? isPublicIPv4(parsed as ipaddr.IPv4) : isPublicIPv6(parsed as ipaddr.IPv6);
}
