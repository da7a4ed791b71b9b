import { DelayedError, Job } from 'bullmq';

/**
 * BullMQ priority of a job handed back because its tenant or subscription is at its cap. Promoted from delayed,
 * a job with a priority goes to the prioritized set, which a worker takes from only when the wait list is empty:
 * fresh jobs (priority 0) never queue behind held-back ones. Without this a tenant's thousands of tarpit jobs
 * came back to the wait list every second, and another tenant's fresh job waited for each of them to be fetched
 * and handed back again (seconds, in the hostile-tenant test); now they cycle through the idle capacity only.
 */
export const HELD_BACK_PRIORITY = 1;

/** How long a job handed back for the nth time waits: `baseMs` doubled each time up to `maxMs`, ±50 % jitter. */
export interface HoldBackDelay {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before a held-back job is fetched again. It doubles with each hand-back of the same job (BullMQ counts
 * each fetch in `attemptsStarted`), so a capped tenant's backlog costs the workers a few fetches a second however
 * long it is: with a fixed delay, 320 parked tarpit jobs were fetched and handed back ~300 times a second, and that
 * churn (three Redis scripts each) delayed another tenant's deliveries by up to 600 ms on a busy box.
 */
export function holdBackDelayMs(handedBack: number, { baseMs, maxMs }: HoldBackDelay, random = Math.random()): number {
  const backedOff = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, handedBack), 16));
  return Math.round(backedOff * (0.5 + random));
}

/** Hands an active job back to the queue, behind every fresh job and for longer each time; throw-through for the worker. */
export async function holdBack(job: Job, delay: HoldBackDelay, token: string | undefined): Promise<never> {
  if (job.opts.priority !== HELD_BACK_PRIORITY) {
    // On an active job this only records the priority; moveToDelayed's promotion then honours it.
    await job.changePriority({ priority: HELD_BACK_PRIORITY });
    job.opts.priority = HELD_BACK_PRIORITY;
  }
  // attemptsStarted counts this fetch too: 1 the first time a job is handed back.
  await job.moveToDelayed(Date.now() + holdBackDelayMs(job.attemptsStarted - 1, delay), token);
  throw new DelayedError();
}
