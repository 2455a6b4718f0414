import ipaddr from 'ipaddr.js';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/**
 * An IPv6 address that carries IPv4 addresses inside it. Traffic to it can end up
 * at those IPv4 addresses (through the host's own dual stack, a NAT64 gateway or a
 * tunnel relay), so an address policy has to judge it by what it carries.
 */
export interface EmbeddedIPv4 {
  form: 'ipv4Compatible' | 'ipv4Mapped' | 'ipv4Translated' | 'nat64' | 'nat64LocalUse' | '6to4' | 'teredo' | 'isatap';
  /** Every IPv4 address the IPv6 address may stand for; each must pass the policy. */
  addresses: IPv4[];
  /**
   * True when the IPv6 address is only a wrapper, so the IPv4 addresses decide alone;
   * false (ISATAP) when the IPv6 prefix is routed on its own and must be public too.
   */
  wrapper: boolean;
}

const v6 = (text: string, bits: number): [IPv6, number] => [ipaddr.IPv6.parse(text), bits];
const IPV4_COMPATIBLE = v6('::', 96);
const NAT64_WELL_KNOWN = v6('64:ff9b::', 96);
const NAT64_LOCAL_USE = v6('64:ff9b:1::', 48);
const SIX_TO_FOUR = v6('2002::', 16);
const TEREDO = v6('2001::', 32);

const ipv4At = (bytes: number[], at: readonly number[]): IPv4 => new ipaddr.IPv4(at.map((i) => bytes[i]!));
const zero = (bytes: number[], at: readonly number[]) => at.every((i) => bytes[i] === 0);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * RFC 6052 §2.2: where the IPv4 address sits for each translator prefix length.
 * Byte 8 (the "u" octet) is never used; bytes after the IPv4 address (the suffix) are zero.
 */
const RFC6052_LAYOUTS = [
  { prefix: 48, ipv4: [6, 7, 9, 10], zero: [8, ...range(11, 16)] },
  { prefix: 56, ipv4: [7, 9, 10, 11], zero: [8, ...range(12, 16)] },
  { prefix: 64, ipv4: [9, 10, 11, 12], zero: [8, ...range(13, 16)] },
  { prefix: 96, ipv4: [12, 13, 14, 15], zero: [] as number[] },
] as const;

/**
 * The local-use prefix (RFC 8215) leaves the translator's prefix length to the
 * operator, so the address is read under every layout its zero bytes allow and
 * each reading must pass.
 */
function localUseCandidates(bytes: number[]): IPv4[] {
  return RFC6052_LAYOUTS.filter((l) => zero(bytes, l.zero)).map((l) => ipv4At(bytes, l.ipv4));
}

/** Teredo (RFC 4380): server at bits 32–63, client's public address stored inverted in the last 32 bits. */
function teredo(bytes: number[]): IPv4[] {
  const server = ipv4At(bytes, [4, 5, 6, 7]);
  const client = new ipaddr.IPv4([12, 13, 14, 15].map((i) => ~bytes[i]! & 0xff));
  return [server, client];
}

/** ISATAP (RFC 5214): interface identifier `0000:5efe:a.b.c.d` or `0200:5efe:a.b.c.d`. */
function isIsatap(bytes: number[]): boolean {
  return (bytes[8]! & 0xfc) === 0 && bytes[9] === 0 && bytes[10] === 0x5e && bytes[11] === 0xfe;
}

/** The IPv4 addresses an IPv6 address embeds, or undefined when it embeds none. */
export function embeddedIPv4(address: IPv6): EmbeddedIPv4 | undefined {
  const bytes = address.toByteArray();
  const last32 = () => [ipv4At(bytes, [12, 13, 14, 15])];
  const kind = address.range();
  if (kind === 'ipv4Mapped') return { form: 'ipv4Mapped', addresses: last32(), wrapper: true };
  if (kind === 'rfc6145') return { form: 'ipv4Translated', addresses: last32(), wrapper: true };
  if (address.match(NAT64_WELL_KNOWN)) return { form: 'nat64', addresses: last32(), wrapper: true };
  if (address.match(NAT64_LOCAL_USE)) return { form: 'nat64LocalUse', addresses: localUseCandidates(bytes), wrapper: true };
  if (address.match(SIX_TO_FOUR)) return { form: '6to4', addresses: [ipv4At(bytes, [2, 3, 4, 5])], wrapper: true };
  if (address.match(TEREDO)) return { form: 'teredo', addresses: teredo(bytes), wrapper: true };
  // :: and ::1 also sit in ::/96; they are judged as IPv6 (unspecified, loopback), never as 0.0.0.x.
  if (address.match(IPV4_COMPATIBLE) && kind !== 'loopback' && kind !== 'unspecified') {
    return { form: 'ipv4Compatible', addresses: last32(), wrapper: true };
  }
  if (isIsatap(bytes)) return { form: 'isatap', addresses: last32(), wrapper: false };
  return undefined;
}
