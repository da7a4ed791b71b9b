/**
 * Tracks the jobs each holder (a subscription, a tenant) has running in this process, so a slow one can be kept
 * from taking every worker slot while a fast one may use them all: fast jobs free their slots at once, so they
 * crowd nobody out, and capping them would only cost throughput. A holder counts as slow while one of its jobs
 * has been running longer than `slowAfterMs`, and for `memoryMs` after one of its jobs ran that long: tarpit jobs
 * all end together at the timeout, and the next wave must not take every slot again before it looks slow.
 */
export class SlowJobSlots {
  private readonly running = new Map<string, number[]>();
  private readonly slowUntil = new Map<string, number>();

  constructor(
    private readonly slowCap: number,
    private readonly slowAfterMs: number,
    private readonly memoryMs = 10_000,
  ) {}

  /** Takes a slot, or returns false when the holder is slow and already holds its cap. */
  tryAcquire(holder: string, now = Date.now()): boolean {
    const starts = this.running.get(holder) ?? [];
    const slow = (starts.length > 0 && now - starts[0] > this.slowAfterMs) || (this.slowUntil.get(holder) ?? 0) > now;
    if (slow && starts.length >= this.slowCap) return false;
    starts.push(now);
    this.running.set(holder, starts);
    return true;
  }

  release(holder: string, startedAt: number, now = Date.now()): void {
    if (now - startedAt > this.slowAfterMs) this.slowUntil.set(holder, now + this.memoryMs);
    else if ((this.slowUntil.get(holder) ?? Infinity) <= now) this.slowUntil.delete(holder);
    const starts = this.running.get(holder);
    if (!starts) return;
    starts.splice(starts.indexOf(startedAt), 1);
    if (starts.length === 0) this.running.delete(holder);
  }
}
