import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { UrlNotAllowedError } from '../errors/index.js';
import { isPublicAddress } from './addressPolicy.js';

/** Resolves a host name to every address it has (dns.lookup with `all: true` by default). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request` that refuses host names resolving to any
 * non-public address. Because the same lookup feeds the connection, the address
 * that was checked is the address connected to (no DNS-rebinding window).
 */
export function createSafeLookup(resolve: Resolver = systemResolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const refused = addresses.find((a) => !isPublicAddress(a.address));
        if (addresses.length === 0 || refused) {
          callback(
            Object.assign(
              new UrlNotAllowedError(`host ${hostname} resolves to a non-public address`, {
                details: { host: hostname },
              }),
              { errno: undefined },
            ) as unknown as NodeJS.ErrnoException,
            '',
          );
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (wanted.length === 0) {
          callback(Object.assign(new Error(`host ${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), '');
          return;
        }
        if (options.all) callback(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}
