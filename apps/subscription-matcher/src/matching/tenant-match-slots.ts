import { Job } from 'bullmq';
import { holdBack, HoldBackLine } from '@app/messaging';
import { TenantQuota } from '@app/platform';

/**
 * Per-tenant in-flight accounting of one matcher process: a tenant runs at most `cap` match jobs at once (a quarter
 * of MATCHER_CONCURRENCY). A flood of batches or a run of costly events then leaves the other slots free, and a
 * further job of that tenant goes back to the queue for a moment instead of waiting in a slot, so another tenant's
 * event queued behind the flood is fetched and matched at once. Held-back jobs are not failed and cost no attempt.
 */
export class TenantMatchSlots {
  private readonly held: TenantQuota;
  /** A flood's held-back jobs come back in a line: twice the rate its jobs end, at least four times the cap a second, none sooner than 250 ms. */
  private readonly line: HoldBackLine;

  constructor(readonly cap: number) {
    this.held = new TenantQuota(cap);
    this.line = HoldBackLine.forCap(cap, 250);
  }

  static forConcurrency(concurrency: number): TenantMatchSlots {
    return new TenantMatchSlots(Math.max(1, Math.floor(concurrency / 4)));
  }

  /** Runs `work` in one of the tenant's slots, or hands the job back to the queue when it has none left. */
  async run<T>(job: Job<{ tenantId: string }>, token: string | undefined, work: () => Promise<T>): Promise<T> {
    const { tenantId } = job.data;
    // Back in the queue behind every fresh job (see holdBack), so a flood's held-back jobs never delay another tenant's.
    if (!this.held.tryTake(tenantId)) return holdBack(job, this.line.delayMs(tenantId), token);
    try {
      return await work();
    } finally {
      this.held.release(tenantId);
      this.line.freed(tenantId);
    }
  }

  heldBy(tenantId: string): number {
    return this.held.heldBy(tenantId);
  }
}
