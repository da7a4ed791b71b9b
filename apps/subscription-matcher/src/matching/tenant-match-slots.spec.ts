import { DelayedError, Job } from 'bullmq';
import { HELD_BACK_PRIORITY } from '@app/messaging';
import { TenantMatchSlots } from './tenant-match-slots';

/** A job that records where it was moved and the priority it was given, as BullMQ's would. */
function job(tenantId: string) {
  const moves: number[] = [];
  const priorities: number[] = [];
  const fake = {
    data: { tenantId },
    opts: {},
    changePriority: async ({ priority }: { priority: number }) => void priorities.push(priority),
    moveToDelayed: async (until: number) => void moves.push(until),
  };
  return { job: fake as unknown as Job<{ tenantId: string }>, moves, priorities };
}

describe(TenantMatchSlots.name, () => {
  it('takes a quarter of the concurrency per tenant, at least one', () => {
    expect(TenantMatchSlots.forConcurrency(32).cap).toBe(8);
    expect(TenantMatchSlots.forConcurrency(2).cap).toBe(1);
  });

  it("hands a tenant's job past its cap back to the queue for a moment, while another tenant's job runs", async () => {
    const sut = new TenantMatchSlots(2);
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    const running = [sut.run(job('a').job, 't', () => held), sut.run(job('a').job, 't', () => held)];
    const third = job('a');
    const before = Date.now();

    await expect(sut.run(third.job, 't', async () => 'ran')).rejects.toBeInstanceOf(DelayedError);
    await expect(sut.run(job('b').job, 't', async () => 'ran')).resolves.toBe('ran');

    expect(third.moves).toHaveLength(1);
    expect(third.priorities).toEqual([HELD_BACK_PRIORITY]);
    expect(third.moves[0] - before).toBeGreaterThanOrEqual(250);
    expect(third.moves[0] - Date.now()).toBeLessThanOrEqual(750);
    expect(sut.heldBy('a')).toBe(2);
    // The next one handed back lines up behind it, 1000 / (4 × cap) ms later.
    const again = job('a');
    await expect(sut.run(again.job, 't', async () => 'ran')).rejects.toBeInstanceOf(DelayedError);
    expect(again.moves[0] - third.moves[0]).toBeGreaterThanOrEqual(45); // 50, give or take the ms between the clock reads
    finish();
    await Promise.all(running);
    expect(sut.heldBy('a')).toBe(0);
  });

  it('frees the slot when the work fails', async () => {
    const sut = new TenantMatchSlots(1);
    await expect(sut.run(job('a').job, 't', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(sut.heldBy('a')).toBe(0);
    await expect(sut.run(job('a').job, 't', async () => 'ran')).resolves.toBe('ran');
  });
});
