import { decideRetry, retryDelayMs, RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 120_000, maxAgeMs: 86_400_000 };

describe(retryDelayMs.name, () => {
  it('doubles from the base delay, within the jitter band', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
  });

  it('is capped at the maximum delay however many tries failed', () => {
    expect(retryDelayMs(8, policy, () => 1)).toBe(120_000);
    expect(retryDelayMs(500, policy, () => 1)).toBe(120_000);
  });

  it('jitters: random draws give different delays inside [half, full]', () => {
    const delays = Array.from({ length: 50 }, () => retryDelayMs(3, policy));
    expect(new Set(delays).size).toBeGreaterThan(1);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
  });
});

describe(decideRetry.name, () => {
  const first = new Date('2026-01-01T00:00:00Z');

  it('schedules the next try while it starts inside the maximum age', () => {
    const now = new Date(first.getTime() + 10_000);
    expect(decideRetry(2, first, now, policy, () => 1)).toEqual({ kind: 'retry', at: new Date(now.getTime() + 2000) });
  });

  it('gives up when the next try would start past the maximum age', () => {
    const now = new Date(first.getTime() + policy.maxAgeMs - 1000);
    expect(decideRetry(20, first, now, policy, () => 1)).toEqual({ kind: 'give-up' });
  });
});
