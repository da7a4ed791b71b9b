import { paceOf, takeFrom } from './webhook-pace';

/** Grants over `ms` milliseconds when a try is asked for every millisecond. */
function grantTimes(perSecond: number, ms: number): number[] {
  const pace = paceOf(perSecond);
  let tat: number | null = null;
  const times: number[] = [];
  for (let now = 0; now < ms; now++) {
    const take = takeFrom(tat, now, pace, 1);
    tat = take.tat;
    if (take.granted) times.push(now);
  }
  return times;
}

const busiest = (times: number[], windowMs: number) => Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
const busiestSecond = (times: number[]) => busiest(times, 1000);

describe(paceOf.name, () => {
  it('spaces small limits evenly with no burst, and lets larger ones burst a twentieth of a second’s worth', () => {
    expect(paceOf(10)).toEqual({ intervalMs: 120, burst: 1 });
    expect(paceOf(1)).toEqual({ intervalMs: 1200, burst: 1 });
    expect(paceOf(1000)).toEqual({ intervalMs: 1200 / 951, burst: 50 });
  });
});

describe(takeFrom.name, () => {
  it('grants the burst at once from an idle bucket and says when the next try may go', () => {
    expect(takeFrom(null, 5000, paceOf(10), 32)).toEqual({ granted: 1, tat: 5120, retryInMs: 120 });
    expect(takeFrom(null, 0, paceOf(1000), 60).granted).toBe(50);
  });

  it('grants nothing before the next slot, however many are asked for', () => {
    expect(takeFrom(5120, 5040, paceOf(10), 3)).toEqual({ granted: 0, tat: 5120, retryInMs: 80 });
  });

  it('never lets more than the limit through in any 1.2-second window, so tries up to 200 ms late stay within it', () => {
    for (const perSecond of [1, 3, 10, 100, 1000]) {
      const times = grantTimes(perSecond, 5000);
      expect([perSecond, busiest(times, 1200)]).toEqual([perSecond, expect.any(Number)]);
      expect(busiest(times, 1200)).toBeLessThanOrEqual(perSecond);
      expect(busiestSecond(times)).toBeLessThanOrEqual(perSecond);
      // About five sixths of the limit is used: over 5 s, at least three quarters of five seconds' worth.
      expect(times.length).toBeGreaterThanOrEqual(Math.floor(perSecond * 0.75) * 5);
    }
  });
});
