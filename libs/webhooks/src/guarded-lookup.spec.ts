import type { LookupAddress } from 'node:dns';
import { PRIVATE_TARGET_MESSAGE, PrivateTargetError, refusingLookup, Resolver } from './guarded-lookup';

/** A resolver that answers every name with the given addresses, as dns.lookup({all: true}) would. */
function resolvingTo(...addresses: string[]): Resolver {
  return (_hostname, _options, callback) => callback(null, addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })));
}

function lookupWith(resolver: Resolver, options: object = {}): Promise<{ error: Error | null; address: unknown; family?: number }> {
  return new Promise((resolve) => refusingLookup(resolver)('hooks.example', options, (error, address, family) => resolve({ error, address, family })));
}

describe(refusingLookup.name, () => {
  it.each([
    '127.0.0.1', '10.0.0.8', '169.254.169.254', '100.64.1.1', '198.18.0.1', '0.0.0.0', '224.0.0.1', '::1', '::',
    '::127.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::7f00:1', '2002:a9fe:a9fe::1', 'fec0::1', 'fd12::1',
    '2001:0:4136:e378:8000:63bf:80ff:fffe',
  ])('refuses a name resolving to %s without naming the address', async (address) => {
    const { error } = await lookupWith(resolvingTo('93.184.216.34', address));
    expect(error).toBeInstanceOf(PrivateTargetError);
    expect(error?.message).toBe(PRIVATE_TARGET_MESSAGE);
    expect(error?.message).not.toContain(address);
    expect(error?.message).not.toContain('hooks.example');
  });

  it('passes public addresses on in the shape the caller asked for', async () => {
    await expect(lookupWith(resolvingTo('93.184.216.34', '2606:4700::1'))).resolves.toEqual({ error: null, address: '93.184.216.34', family: 4 });
    const all = await lookupWith(resolvingTo('93.184.216.34'), { all: true });
    expect(all.address).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('passes resolver errors through', async () => {
    const failing: Resolver = (_h, _o, callback) => callback(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), []);
    await expect(lookupWith(failing)).resolves.toMatchObject({ error: { code: 'ENOTFOUND' } });
  });
});
