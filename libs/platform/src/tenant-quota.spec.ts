import { TenantQuota } from './tenant-quota';

describe(TenantQuota.name, () => {
  it('lets each tenant hold up to its cap, independently of the others, and frees on release', () => {
    const sut = new TenantQuota(2);
    expect([sut.tryTake('a'), sut.tryTake('a'), sut.tryTake('a'), sut.tryTake('b')]).toEqual([true, true, false, true]);
    sut.release('a');
    expect(sut.tryTake('a')).toBe(true);
    sut.release('a');
    sut.release('a');
    expect(sut.heldBy('a')).toBe(0);
  });
});
