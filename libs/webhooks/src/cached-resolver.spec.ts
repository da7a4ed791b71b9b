import type { LookupAddress } from 'node:dns';
import { cachedResolver, DnsClient } from './cached-resolver';

function dnsClient(answers: Record<string, { address: string; ttl: number }[]>): DnsClient & { queries: number } {
  const client = {
    queries: 0,
    resolve4: async (name: string) => {
      client.queries++;
      if (!answers[name]) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return answers[name];
    },
    resolve6: async () => {
      throw Object.assign(new Error('no AAAA'), { code: 'ENODATA' });
    },
  };
  return client;
}

const resolveWith = (resolve: ReturnType<typeof cachedResolver>, name: string) =>
  new Promise<{ error: NodeJS.ErrnoException | null; addresses: LookupAddress[] }>((done) => resolve(name, { all: true }, (error, addresses) => done({ error, addresses })));

describe(cachedResolver.name, () => {
  it('resolves through the asynchronous resolver and answers again from its cache', async () => {
    const client = dnsClient({ 'hooks.example.com': [{ address: '93.184.216.34', ttl: 60 }] });
    const sut = cachedResolver(1000, client);
    expect(await resolveWith(sut, 'hooks.example.com')).toEqual({ error: null, addresses: [{ address: '93.184.216.34', family: 4 }] });
    await resolveWith(sut, 'hooks.example.com');
    expect(client.queries).toBe(1);
  });

  it('passes on a resolver failure other than "not found" (a timeout) without falling back to dns.lookup', async () => {
    const client = { resolve4: async () => { throw Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }); }, resolve6: async () => { throw Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }); } };
    const { error } = await resolveWith(cachedResolver(1000, client), 'slow.example.com');
    expect(error?.code).toBe('ETIMEOUT');
  });

  it('falls back to the system lookup for names DNS does not know (/etc/hosts)', async () => {
    const { error, addresses } = await resolveWith(cachedResolver(1000, dnsClient({})), 'localhost');
    expect(error).toBeNull();
    expect(addresses.length).toBeGreaterThan(0);
  });
});
