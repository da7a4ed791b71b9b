import { SlowJobSlots } from './slow-job-slots';

describe(SlowJobSlots.name, () => {
  it('lets a fast subscription take any number of slots', () => {
    const sut = new SlowJobSlots(2, 1000);
    expect([0, 1, 2, 3, 4].map((n) => sut.tryAcquire('fast', 10_000 + n))).toEqual([true, true, true, true, true]);
  });

  it('caps a subscription whose oldest running job is older than the slow threshold', () => {
    const sut = new SlowJobSlots(2, 1000);
    expect(sut.tryAcquire('slow', 0)).toBe(true);
    expect(sut.tryAcquire('slow', 10)).toBe(true);
    expect(sut.tryAcquire('slow', 2000)).toBe(false);
    expect(sut.tryAcquire('other', 2000)).toBe(true);
  });

  it('frees the cap when the slow jobs finish', () => {
    const sut = new SlowJobSlots(1, 1000);
    expect(sut.tryAcquire('s', 0)).toBe(true);
    expect(sut.tryAcquire('s', 5000)).toBe(false);
    sut.release('s', 0);
    expect(sut.tryAcquire('s', 5000)).toBe(true);
  });
});

describe(`${SlowJobSlots.name} keyed by tenant`, () => {
  it('holds a tenant whose jobs hang to its cap, and keeps each tenant to its own count', () => {
    const sut = new SlowJobSlots(2, 1000);
    expect([sut.tryAcquire('tarpit', 0), sut.tryAcquire('tarpit', 0)]).toEqual([true, true]);
    expect(sut.tryAcquire('tarpit', 1500)).toBe(false);
    expect(sut.tryAcquire('other', 1500)).toBe(true);
  });
});

describe(`${SlowJobSlots.name} memory of slowness`, () => {
  it('keeps capping a holder whose jobs ran slow for a while after they ended, so the next wave cannot take every slot', () => {
    const sut = new SlowJobSlots(1, 1000, 10_000);
    sut.tryAcquire('tarpit', 0);
    sut.release('tarpit', 0, 2000);
    expect([sut.tryAcquire('tarpit', 2000), sut.tryAcquire('tarpit', 2000)]).toEqual([true, false]);
    sut.release('tarpit', 2000, 2100);
    expect([sut.tryAcquire('tarpit', 12_500), sut.tryAcquire('tarpit', 12_500)]).toEqual([true, true]);
  });
});
