import { Job } from 'bullmq';
import { holdBack } from '@app/messaging';
import { TenantQuota } from '@app/platform';

/**
 * How long a job of a tenant at its cap waits in the queue before it is fetched again: half a second, spread out,
 * then longer each time (see holdBackDelayMs), so a flood's held-back jobs come back a few at a time instead of
 * all at once ahead of other tenants'.
 */
const BUSY_DELAY = { baseMs: 500, maxMs: 4000 };

/**
 * Per-tenant in-flight accounting of one matcher process: a tenant runs at most `cap` match jobs at once (a quarter
 * of MATCHER_CONCURRENCY). A flood of batches or a run of costly events then leaves the other slots free, and a
 * further job of that tenant goes back to the queue for a moment instead of waiting in a slot, so another tenant's
 * event queued behind the flood is fetched and matched at once. Held-back jobs are not failed and cost no attempt.
 */
export class TenantMatchSlots {
  private readonly held: TenantQuota;

  constructor(readonly cap: number) {
    this.held = new TenantQuota(cap);
  }

  static forConcurrency(concurrency: number): TenantMatchSlots {
    return new TenantMatchSlots(Math.max(1, Math.floor(concurrency / 4)));
  }

  /** Runs `work` in one of the tenant's slots, or hands the job back to the queue when it has none left. */
  async run<T>(job: Job<{ tenantId: string }>, token: string | undefined, work: () => Promise<T>): Promise<T> {
    const { tenantId } = job.data;
    // Back in the queue behind every fresh job (see holdBack), so a flood's held-back jobs never delay another tenant's.
    if (!this.held.tryTake(tenantId)) return holdBack(job, BUSY_DELAY, token);
    try {
      return await work();
    } finally {
      this.held.release(tenantId);
    }
  }

  heldBy(tenantId: string): number {
    return this.held.heldBy(tenantId);
  }
}
