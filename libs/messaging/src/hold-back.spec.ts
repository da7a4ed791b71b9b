import { HoldBackLine } from './hold-back';

describe(HoldBackLine.name, () => {
  it("lines up one holder's held-back jobs perSecond apart, none sooner than minDelayMs", () => {
    const sut = new HoldBackLine({ perSecond: 10, minDelayMs: 500 });
    const now = 10_000;
    expect([0, 1, 2, 3, 4, 5, 6].map(() => sut.delayMs('a', now))).toEqual([500, 600, 700, 800, 900, 1000, 1100]);
  });

  it('keeps a line per holder', () => {
    const sut = new HoldBackLine({ perSecond: 10, minDelayMs: 500 });
    sut.delayMs('a', 0);
    sut.delayMs('a', 0);
    expect(sut.delayMs('b', 0)).toBe(500);
  });

  it('starts from minDelayMs again once the line has gone by', () => {
    const sut = new HoldBackLine({ perSecond: 10, minDelayMs: 500 });
    for (let i = 0; i < 20; i++) sut.delayMs('a', 0);
    // The twentieth is due at 2,400: the next one lines up behind it.
    expect(sut.delayMs('a', 1_000)).toBe(1_500);
    expect(sut.delayMs('a', 60_000)).toBe(500);
  });

  it('moves the line at twice the rate the holder freed slots in the last second, when that is faster', () => {
    const sut = new HoldBackLine({ perSecond: 10, minDelayMs: 500 });
    for (let i = 0; i < 50; i++) sut.freed('a', 1_000 + i);
    // 50 freed in the second before: the line moves at 100 a second, 10 ms apart.
    expect([0, 1, 2].map(() => sut.delayMs('a', 2_000))).toEqual([500, 510, 520]);
    // Another holder's line keeps the least rate.
    expect([0, 1].map(() => sut.delayMs('b', 2_000))).toEqual([500, 600]);
    // Two seconds later with nothing freed meanwhile, back to the least rate.
    sut.delayMs('a', 4_000);
    expect(sut.delayMs('a', 4_000)).toBe(600);
  });
});
