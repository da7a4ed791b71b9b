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

/** The least rate at which a holder's held-back jobs come back, and the least wait of any one of them. */
export interface HoldBackPace {
  perSecond: number;
  minDelayMs: number;
}

/**
 * Spaces the returns of one holder's (a tenant's, a subscription's) held-back jobs: each waits its turn in a line,
 * one interval after the one handed back before it, and at least `minDelayMs`. The line moves at twice the rate
 * the holder freed slots in the last second (see `freed`), and at least `perSecond`: a freed slot soon finds the
 * holder's next job, while a backlog of any length costs about that many fetches a second. With one fixed delay
 * each, 320 parked tarpit jobs were fetched and handed back ~300 times a second (their slots free up twice a
 * second), and on a busy box that churn put another tenant's delivery 600 ms late. Per process.
 */
export class HoldBackLine {
  private readonly lastDue = new Map<string, number>();
  private second = 0;
  private freedThisSecond = new Map<string, number>();
  private freedLastSecond = new Map<string, number>();

  constructor(private readonly pace: HoldBackPace) {}

  /** The line of holders capped at `cap` slots: at least four times the cap a second (and 20). */
  static forCap(cap: number, minDelayMs: number): HoldBackLine {
    return new HoldBackLine({ perSecond: Math.max(20, 4 * cap), minDelayMs });
  }

  /** A job of the holder ended and gave its slot back. */
  freed(holder: string, now = Date.now()): void {
    this.roll(now);
    this.freedThisSecond.set(holder, (this.freedThisSecond.get(holder) ?? 0) + 1);
  }

  delayMs(holder: string, now = Date.now()): number {
    this.roll(now);
    const freedPerSecond = Math.max(this.freedLastSecond.get(holder) ?? 0, this.freedThisSecond.get(holder) ?? 0);
    const interval = 1000 / Math.max(this.pace.perSecond, 2 * freedPerSecond);
    const due = Math.max(now + this.pace.minDelayMs, (this.lastDue.get(holder) ?? 0) + interval);
    this.lastDue.set(holder, due);
    if (this.lastDue.size > 10_000) this.forgetPast(now);
    return Math.round(due - now);
  }

  private roll(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.second) return;
    this.freedLastSecond = second === this.second + 1 ? this.freedThisSecond : new Map();
    this.freedThisSecond = new Map();
    this.second = second;
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
