import type { LookupAddress } from 'node:dns';
import type { Resolver } from '../../src/index.js';

/** A resolver that records what it was asked and answers from a fixed table; no real DNS. */
export function recordingResolver(table: Record<string, string[]>) {
  const asked: string[] = [];
  const resolve: Resolver = async (host) => {
    asked.push(host);
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, asked };
}
