import { TenantBursts } from './tenant-bursts';

describe(TenantBursts.name, () => {
  it("is bulk once a tenant's items in one second pass the limit, for that tenant only", () => {
    const sut = new TenantBursts(100);
    const at = 5_000;
    expect(sut.isBulk('a', 60, at)).toBe(false);
    expect(sut.isBulk('a', 40, at + 10)).toBe(false);
    expect(sut.isBulk('a', 1, at + 20)).toBe(true);
    expect(sut.isBulk('b', 1, at + 30)).toBe(false);
  });

  it('starts counting again each second', () => {
    const sut = new TenantBursts(100);
    expect(sut.isBulk('a', 500, 5_000)).toBe(true);
    expect(sut.isBulk('a', 1, 5_999)).toBe(true);
    expect(sut.isBulk('a', 1, 6_000)).toBe(false);
  });
});
