import { AddressRateLimiter } from './address-rate-limiter';

describe(AddressRateLimiter.name, () => {
  it('allows the limit per address per second, then asks to retry after a second', () => {
    const sut = new AddressRateLimiter(3);
    const answers = [1, 2, 3, 4, 5].map(() => sut.retryAfterSeconds('10.0.0.1', 1000));
    expect(answers).toEqual([0, 0, 0, 1, 1]);
    expect(sut.retryAfterSeconds('10.0.0.2', 1000)).toBe(0);
    expect(sut.retryAfterSeconds('10.0.0.1', 2000)).toBe(0);
  });

  it('counts nothing when the limit is 0 or the address is unknown', () => {
    const off = new AddressRateLimiter(0);
    expect(Array.from({ length: 100 }, () => off.retryAfterSeconds('10.0.0.1', 0)).every((r) => r === 0)).toBe(true);
    const sut = new AddressRateLimiter(1);
    expect([sut.retryAfterSeconds(undefined, 0), sut.retryAfterSeconds(undefined, 0)]).toEqual([0, 0]);
  });
});
