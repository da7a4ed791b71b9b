/**
 * Tracks the jobs each holder (a subscription, a tenant) has running in this process, so a slow one can be kept
 * from taking every worker slot while a fast one may use them all: fast jobs free their slots at once, so they
 * crowd nobody out, and capping them would only cost throughput. A holder counts as slow while one of its jobs
 * has been running longer than `slowAfterMs`.
 */
export class SlowJobSlots {
  private readonly running = new Map<string, number[]>();

  constructor(
    private readonly slowCap: number,
    private readonly slowAfterMs: number,
  ) {}

  /** Takes a slot, or returns false when the holder is slow and already holds its cap. */
  tryAcquire(holder: string, now = Date.now()): boolean {
    const starts = this.running.get(holder) ?? [];
    const slow = starts.length > 0 && now - starts[0] > this.slowAfterMs;
    if (slow && starts.length >= this.slowCap) return false;
    starts.push(now);
    this.running.set(holder, starts);
    return true;
  }

  release(holder: string, startedAt: number): void {
    const starts = this.running.get(holder);
    if (!starts) return;
    starts.splice(starts.indexOf(startedAt), 1);
    if (starts.length === 0) this.running.delete(holder);
  }
}
