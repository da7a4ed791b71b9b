export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAgeMs: number;
}

/**
 * Delay before try n+1 after try n failed: min(base·2^(n-1), max), then "equal jitter" (half fixed, half random)
 * so a burst of failures does not come back as a burst, while the delay never drops below half the schedule.
 */
export function retryDelayMs(failedAttempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failedAttempt - 1, 0), 40);
  const capped = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
  return Math.round(capped / 2 + random() * (capped / 2));
}

export type RetryDecision = { kind: 'retry'; at: Date } | { kind: 'give-up' };

/** A delivery whose next try would start more than maxAge after its first try is failed instead. */
export function decideRetry(failedAttempt: number, firstAttemptAt: Date, now: Date, policy: RetryPolicy, random?: () => number): RetryDecision {
  const at = new Date(now.getTime() + retryDelayMs(failedAttempt, policy, random));
  return at.getTime() - firstAttemptAt.getTime() > policy.maxAgeMs ? { kind: 'give-up' } : { kind: 'retry', at };
}
