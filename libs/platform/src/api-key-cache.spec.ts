import type { ApiKeyRepository } from '@app/persistence';
import { ApiKeyCache, hashApiKey, UNKNOWN_KEYS_MAX } from './api-key-cache';

/** A key store that counts its queries: the cache's whole point is how few it makes. */
function countingKeys(stored: Record<string, { id: string; tenantId: string }> = {}) {
  const repository = {
    queries: 0,
    async findByHash(keyHash: string) {
      repository.queries++;
      await new Promise((resolve) => setImmediate(resolve));
      return stored[keyHash];
    },
  };
  return repository;
}

function cacheOver(keys: ReturnType<typeof countingKeys>): ApiKeyCache {
  return new ApiKeyCache(keys as unknown as ApiKeyRepository);
}

describe(ApiKeyCache.name, () => {
  it('asks Postgres once for an unknown key, however often and however concurrently it is tried', async () => {
    const keys = countingKeys();
    const sut = cacheOver(keys);
    const answers = await Promise.all(Array.from({ length: 1000 }, () => sut.ownerOf('nk_guess')));
    for (let i = 0; i < 1000; i++) await sut.ownerOf('nk_guess');
    expect(answers.every((a) => a === undefined)).toBe(true);
    expect(keys.queries).toBe(1);
  });

  it('costs one query per distinct unknown key, and remembers a bounded number of them', async () => {
    const keys = countingKeys();
    const sut = cacheOver(keys);
    for (let i = 0; i < UNKNOWN_KEYS_MAX + 10; i++) await sut.ownerOf(`nk_guess_${i}`);
    expect(keys.queries).toBe(UNKNOWN_KEYS_MAX + 10);
    await sut.ownerOf(`nk_guess_${UNKNOWN_KEYS_MAX + 9}`);
    expect(keys.queries).toBe(UNKNOWN_KEYS_MAX + 10);
    await sut.ownerOf('nk_guess_0'); // pushed out by newer guesses
    expect(keys.queries).toBe(UNKNOWN_KEYS_MAX + 11);
  });

  it('forgets that a key was unknown once a key with that hash is created', async () => {
    const stored: Record<string, { id: string; tenantId: string }> = {};
    const keys = countingKeys(stored);
    const sut = cacheOver(keys);
    await expect(sut.ownerOf('nk_new')).resolves.toBeUndefined();
    stored[hashApiKey('nk_new')] = { id: 'key-1', tenantId: 'tenant-1' };
    await expect(sut.ownerOf('nk_new')).resolves.toBeUndefined();
    sut.created(hashApiKey('nk_new'));
    await expect(sut.ownerOf('nk_new')).resolves.toEqual({ tenantId: 'tenant-1', keyId: 'key-1', keyHash: hashApiKey('nk_new') });
    expect(keys.queries).toBe(2);
  });

  it('caches known keys until they are evicted', async () => {
    const keys = countingKeys({ [hashApiKey('nk_real')]: { id: 'key-1', tenantId: 'tenant-1' } });
    const sut = cacheOver(keys);
    await sut.ownerOf('nk_real');
    await sut.ownerOf('nk_real');
    expect(keys.queries).toBe(1);
    sut.evict(hashApiKey('nk_real'));
    await sut.ownerOf('nk_real');
    expect(keys.queries).toBe(2);
  });
});
