import { TenantSlots } from './tenant-slots';

describe(TenantSlots.name, () => {
  it('lets a tenant take slots up to its cap and no more', () => {
    const sut = new TenantSlots(3);

    expect([1, 2, 3, 4].map(() => sut.tryAcquire('a'))).toEqual([true, true, true, false]);
    expect(sut.held('a')).toBe(3);
  });

  it('keeps each tenant to its own count', () => {
    const sut = new TenantSlots(1);

    expect(sut.tryAcquire('a')).toBe(true);
    expect(sut.tryAcquire('a')).toBe(false);
    expect(sut.tryAcquire('b')).toBe(true);
  });

  it('frees a slot on release, and forgets a tenant holding none', () => {
    const sut = new TenantSlots(2);
    sut.tryAcquire('a');
    sut.tryAcquire('a');

    sut.release('a');
    expect(sut.tryAcquire('a')).toBe(true);
    sut.release('a');
    sut.release('a');

    expect(sut.held('a')).toBe(0);
    sut.release('a');
    expect(sut.held('a')).toBe(0);
  });
});
