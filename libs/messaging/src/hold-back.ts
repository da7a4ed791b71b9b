import { DelayedError, Job } from 'bullmq';

/**
 * BullMQ priority of a job handed back because its tenant or subscription is at its cap. Promoted from delayed,
 * a job with a priority goes to the prioritized set, which a worker takes from only when the wait list is empty:
 * fresh jobs (priority 0) never queue behind held-back ones. Without this a tenant's thousands of tarpit jobs
 * came back to the wait list every second, and another tenant's fresh job waited for each of them to be fetched
 * and handed back again (seconds, in the hostile-tenant test); now they cycle through the idle capacity only.
 */
export const HELD_BACK_PRIORITY = 2;
/**
 * BullMQ priority of the jobs of a tenant queueing more than its share this second (see TenantBursts): behind every
 * fresh job of other tenants, ahead of held-back jobs (which wait for a slot their tenant does not have anyway).
 */
export const BULK_PRIORITY = 1;

/** How many of its held-back jobs a holder has come back a second, and the least any one waits. */
export interface HoldBackPace {
  perSecond: number;
  minDelayMs: number;
}

/**
 * Spaces the returns of one holder's (a tenant's, a subscription's) held-back jobs: each waits its turn in a line,
 * `1000 / perSecond` ms after the one handed back before it, and at least `minDelayMs`. A capped holder's backlog
 * then costs the workers `perSecond` fetches a second however long it is (with one fixed delay, 320 parked tarpit
 * jobs were fetched and handed back ~300 times a second, and on a busy box that churn put another tenant's delivery
 * 600 ms late), while a freed slot still finds one of the holder's jobs within `1000 / perSecond` ms. Per process.
 */
export class HoldBackLine {
  private readonly lastDue = new Map<string, number>();

  constructor(private readonly pace: HoldBackPace) {}

  delayMs(holder: string, now = Date.now()): number {
    const due = Math.max(now + this.pace.minDelayMs, (this.lastDue.get(holder) ?? 0) + 1000 / this.pace.perSecond);
    this.lastDue.set(holder, due);
    if (this.lastDue.size > 10_000) this.forgetPast(now);
    return Math.round(due - now);
  }

  private forgetPast(now: number): void {
    for (const [holder, due] of this.lastDue) if (due < now) this.lastDue.delete(holder);
  }
}

/** Hands an active job back to the queue for `delayMs`, behind every fresh job; throw-through for the worker. */
export async function holdBack(job: Job, delayMs: number, token: string | undefined): Promise<never> {
  if (job.opts.priority !== HELD_BACK_PRIORITY) {
    // On an active job this only records the priority; moveToDelayed's promotion then honours it.
    await job.changePriority({ priority: HELD_BACK_PRIORITY });
    job.opts.priority = HELD_BACK_PRIORITY;
  }
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}
