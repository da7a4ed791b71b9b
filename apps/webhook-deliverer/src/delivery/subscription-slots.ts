/**
 * Tracks the jobs each subscription has running in this process, so a slow endpoint can be kept from taking
 * every worker slot while a fast one may use them all. An endpoint counts as slow while one of its jobs has
 * been running longer than `slowAfterMs`.
 */
export class SubscriptionSlots {
  private readonly running = new Map<string, number[]>();

  constructor(
    private readonly slowCap: number,
    private readonly slowAfterMs: number,
  ) {}

  /** Takes a slot, or returns false when the subscription is slow and already holds its cap. */
  tryAcquire(subscriptionId: string, now = Date.now()): boolean {
    const starts = this.running.get(subscriptionId) ?? [];
    const slow = starts.length > 0 && now - starts[0] > this.slowAfterMs;
    if (slow && starts.length >= this.slowCap) return false;
    starts.push(now);
    this.running.set(subscriptionId, starts);
    return true;
  }

  release(subscriptionId: string, startedAt: number): void {
    const starts = this.running.get(subscriptionId);
    if (!starts) return;
    starts.splice(starts.indexOf(startedAt), 1);
    if (starts.length === 0) this.running.delete(subscriptionId);
  }
}
