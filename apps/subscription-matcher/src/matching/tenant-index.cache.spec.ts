import type { SubscriptionEntity, SubscriptionRepository } from '@app/persistence';
import { TenantIndexCache } from './tenant-index.cache';

function subscription(id: string, fields: Partial<SubscriptionEntity> = {}): SubscriptionEntity {
  return { id, tenantId: 't', transport: 'webhook', eventTypes: [], channels: [], filter: {}, isActive: true, status: 'active', deletedAt: null, ...fields } as SubscriptionEntity;
}

/** A subscription store that records how it was read. */
function store(active: SubscriptionEntity[], changed: SubscriptionEntity[] = []) {
  const reads: string[] = [];
  const repository = {
    async listActive(tenantId: string) {
      reads.push(`all:${tenantId}`);
      return active;
    },
    async listChangedSince(tenantId: string) {
      reads.push(`changed:${tenantId}`);
      return changed;
    },
  };
  return { reads, repository: repository as unknown as SubscriptionRepository };
}

const event = { type: 'x', channels: [], payload: {} };

describe(TenantIndexCache.name, () => {
  let now = 1_000_000;
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
  afterEach(() => jest.restoreAllMocks());

  it('reads a tenant whole once, then only what changed since, once a minute', async () => {
    const { reads, repository } = store([subscription('a'), subscription('b')], [subscription('b', { deletedAt: new Date() }), subscription('c')]);
    const sut = new TenantIndexCache(repository);
    expect((await sut.get('t')).index.match(event).sort()).toEqual(['a', 'b']);
    now += 30_000;
    await sut.get('t');
    expect(reads).toEqual(['all:t']);
    now += 31_000;
    expect((await sut.get('t')).index.match(event).sort()).toEqual(['a', 'c']);
    expect(reads).toEqual(['all:t', 'changed:t']);
  });

  it('keeps at most 10,000 tenants, evicting the least recently used', async () => {
    const { reads, repository } = store([subscription('a')]);
    const sut = new TenantIndexCache(repository);
    for (let n = 0; n < 10_000; n++) await sut.get(`t${n}`);
    await sut.get('t0');
    await sut.get('new');
    expect(sut.size).toBe(10_000);
    await sut.get('t0');
    await sut.get('t1');
    expect(reads.filter((r) => r === 'all:t0')).toHaveLength(1);
    expect(reads.filter((r) => r === 'all:t1')).toHaveLength(2);
  });
});
