import { lookup, LookupAddress, promises as dns } from 'node:dns';
import { BoundedTtlCache } from '@app/platform';
import type { Resolver } from './guarded-lookup';

/** A name's answers are kept for their DNS TTL, at most this long and at least this short. */
const MAX_TTL_S = 300;
const MIN_TTL_S = 5;
const MAX_NAMES = 10_000;
const NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA']);

type Resolve = (hostname: string, options: { ttl: true }) => Promise<{ address: string; ttl: number }[]>;

export interface DnsClient {
  resolve4: Resolve;
  resolve6: Resolve;
}

/**
 * Webhook host names resolved by c-ares (asynchronous, with a timeout), never by dns.lookup on libuv's four
 * threads: one tenant's slow authoritative DNS must not stall every other delivery. Answers are cached for their
 * TTL. Names DNS does not know (/etc/hosts entries) fall back to dns.lookup.
 */
export function cachedResolver(timeoutMs: number, client: DnsClient = new dns.Resolver({ timeout: timeoutMs, tries: 2 })): Resolver {
  const cache = new BoundedTtlCache<LookupAddress[]>(MAX_NAMES, MAX_TTL_S * 1000);
  return (hostname, _options, callback) => {
    const hit = cache.get(hostname);
    if (hit) return callback(null, hit);
    resolveBoth(client, hostname).then(
      ({ addresses, ttlS }) => {
        cache.set(hostname, addresses, Date.now(), ttlS * 1000);
        callback(null, addresses);
      },
      (error: NodeJS.ErrnoException) => {
        if (!NOT_FOUND.has(error.code ?? '')) return callback(error, []);
        lookup(hostname, { all: true }, (fallbackError, addresses) => callback(fallbackError, addresses ?? []));
      },
    );
  };
}

async function resolveBoth(client: DnsClient, hostname: string): Promise<{ addresses: LookupAddress[]; ttlS: number }> {
  const [v4, v6] = await Promise.allSettled([client.resolve4(hostname, { ttl: true }), client.resolve6(hostname, { ttl: true })]);
  const records = [...(v4.status === 'fulfilled' ? v4.value.map((r) => ({ ...r, family: 4 })) : []), ...(v6.status === 'fulfilled' ? v6.value.map((r) => ({ ...r, family: 6 })) : [])];
  if (records.length === 0) throw v4.status === 'rejected' ? v4.reason : v6.status === 'rejected' ? v6.reason : Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENODATA' });
  const ttlS = Math.min(MAX_TTL_S, Math.max(MIN_TTL_S, Math.min(...records.map((r) => r.ttl))));
  return { addresses: records.map(({ address, family }) => ({ address, family })), ttlS };
}
