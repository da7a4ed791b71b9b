import { BoundedTtlCache } from './bounded-ttl-cache';

describe(BoundedTtlCache.name, () => {
  it('never holds more than its bound, dropping the oldest entries first', () => {
    const sut = new BoundedTtlCache<boolean>(100, 60_000);
    for (let i = 0; i < 10_000; i++) sut.set(`unknown-${i}`, true, 0);
    expect(sut.size).toBe(100);
    expect(sut.get('unknown-9999', 0)).toBe(true);
    expect(sut.get('unknown-9900', 0)).toBe(true);
    expect(sut.get('unknown-9899', 0)).toBeUndefined();
  });

  it('forgets entries after their time to live', () => {
    const sut = new BoundedTtlCache<string>(10, 1000);
    sut.set('k', 'v', 0);
    expect(sut.get('k', 999)).toBe('v');
    expect(sut.get('k', 1000)).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('refreshes an entry that is set again instead of holding it twice', () => {
    const sut = new BoundedTtlCache<number>(2, 1000);
    sut.set('a', 1, 0);
    sut.set('b', 2, 0);
    sut.set('a', 3, 0);
    sut.set('c', 4, 0);
    expect([sut.get('a', 0), sut.get('b', 0), sut.get('c', 0)]).toEqual([3, undefined, 4]);
  });

  it('keeps an entry for its own shorter TTL, never longer than the cache-wide one', () => {
    const sut = new BoundedTtlCache<string>(10, 1000);
    sut.set('short', 'v', 0, 200);
    sut.set('long', 'v', 0, 5000);
    expect([sut.get('short', 199), sut.get('short', 200)]).toEqual(['v', undefined]);
    expect([sut.get('long', 999), sut.get('long', 1000)]).toEqual(['v', undefined]);
  });
});
