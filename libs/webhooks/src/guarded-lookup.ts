import type { LookupAddress } from 'node:dns';
import { isPrivateAddress } from '@app/platform';
import { cachedResolver } from './cached-resolver';

export class PrivateTargetError extends Error {}

/** Names neither the host nor the address it resolved to: a tenant must not be able to map internal DNS. */
export const PRIVATE_TARGET_MESSAGE = 'the target resolves to a private or reserved address';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type Resolver = (hostname: string, options: { all: true }, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A dns.lookup for outgoing webhook sockets that fails when the name resolves to a private address, so the
 * check applies to the address actually connected to (no DNS-rebinding gap between check and connect).
 */
export function refusingLookup(resolve: Resolver) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.some((a) => isPrivateAddress(a.address))) return callback(new PrivateTargetError(PRIVATE_TARGET_MESSAGE), []);
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** The guarded lookup the deliverer uses: c-ares with a timeout and a TTL cache (cached-resolver.ts). */
export function privateAddressRefusingLookup(timeoutMs: number) {
  return refusingLookup(cachedResolver(timeoutMs));
}
