import { DelayedError, Job } from 'bullmq';

/**
 * BullMQ priority of a job handed back because its tenant or subscription is at its cap. Promoted from delayed,
 * a job with a priority goes to the prioritized set, which a worker takes from only when the wait list is empty:
 * fresh jobs (priority 0) never queue behind held-back ones. Without this a tenant's thousands of tarpit jobs
 * came back to the wait list every second, and another tenant's fresh job waited for each of them to be fetched
 * and handed back again (seconds, in the hostile-tenant test); now they cycle through the idle capacity only.
 */
export const HELD_BACK_PRIORITY = 1;

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
