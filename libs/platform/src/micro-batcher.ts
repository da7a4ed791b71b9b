interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects items submitted by concurrent jobs and flushes them together: one multi-row statement instead of
 * one per job. A flush happens when `maxSize` items wait or `maxWaitMs` after the first one arrived.
 * `flush` returns one result per item, in order; if it throws, every item of that batch is rejected.
 */
export class MicroBatcher<T, R = void> {
  private queue: Pending<T, R>[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly maxSize: number,
    private readonly maxWaitMs: number,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.maxSize) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.maxWaitMs);
    });
  }

  private flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.flush(batch.map((p) => p.item)).then(
      (results) => batch.forEach((p, i) => p.resolve(results[i])),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  }
}
