import { lookup, LookupAddress } from 'node:dns';
import { isPrivateAddress } from '@app/platform';

export class PrivateTargetError extends Error {}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A dns.lookup for outgoing webhook sockets that fails when the name resolves to a private address, so the
 * check applies to the address actually connected to (no DNS-rebinding gap between check and connect).
 */
export function privateAddressRefusingLookup(hostname: string, options: object, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(new PrivateTargetError(`${hostname} resolves to private address ${refused.address}`), []);
    if ((options as { all?: boolean }).all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}
