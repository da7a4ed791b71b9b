interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface BatchingOptions {
  /** Most items in one flush. */
  maxSize: number;
  /**
   * How long the first waiting item may wait for company. 0 = "group commit": flush at once while fewer than
   * `maxInFlight` flushes run, otherwise wait for one to finish — no added latency when idle, batches under load.
   */
  maxWaitMs: number;
  maxInFlight?: number;
}

/**
 * Collects items submitted by concurrent callers and flushes them together: one multi-row statement instead
 * of one per caller. `flush` returns one result per item, in order; if it throws, every item of that batch
 * is rejected.
 */
export class MicroBatcher<T, R = void> {
  private queue: Pending<T, R>[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = 0;
  private readonly maxInFlight: number;

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly options: BatchingOptions,
  ) {
    this.maxInFlight = options.maxInFlight ?? Infinity;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxSize) this.flushNow();
      else if (this.options.maxWaitMs === 0) this.flushIfRoom();
      else this.timer ??= setTimeout(() => this.flushNow(), this.options.maxWaitMs);
    });
  }

  private flushIfRoom(): void {
    if (this.inFlight < this.maxInFlight) this.flushNow();
  }

  private flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.inFlight++;
    this.flush(batch.map((p) => p.item))
      .then(
        (results) => batch.forEach((p, i) => p.resolve(results[i])),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.inFlight--;
        if (this.options.maxWaitMs === 0 && this.queue.length > 0) this.flushIfRoom();
      });
  }
}
