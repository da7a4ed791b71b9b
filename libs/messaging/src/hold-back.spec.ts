import { holdBackDelayMs } from './hold-back';

describe('holdBackDelayMs', () => {
  const delay = { baseMs: 500, maxMs: 8000 };

  it('doubles with each hand-back of the same job, up to the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 30].map((n) => holdBackDelayMs(n, delay, 0.5))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('spreads jobs handed back together over half to one and a half times the delay', () => {
    expect(holdBackDelayMs(1, delay, 0)).toBe(500);
    expect(holdBackDelayMs(1, delay, 0.999)).toBe(1499);
  });

  it('treats a job never counted as started as handed back for the first time', () => {
    expect(holdBackDelayMs(-1, delay, 0.5)).toBe(500);
  });
});
