import type { Queue } from 'bullmq';
import { MatchEventsJob, PublishedEvent } from '@app/contracts';
import { MATCH_HANDOFF_WAIT_MS, MatchJobProducer } from './queues';

/** A stand-in queue that records what was added, one entry per call. */
class FakeQueue {
  calls: { tenantId: string; ids: string[]; jobId?: string }[][] = [];
  fail?: Error;

  async add(_name: string, data: MatchEventsJob, opts: { jobId?: string }) {
    return this.addBulk([{ name: _name, data, opts }]);
  }
  async addBulk(jobs: { name: string; data: MatchEventsJob; opts: { jobId?: string } }[]) {
    if (this.fail) throw this.fail;
    this.calls.push(jobs.map((j) => ({ tenantId: j.data.tenantId, ids: j.data.events.map((e) => e.id), jobId: j.opts.jobId })));
    return [];
  }
}

const events = (prefix: string, n: number): PublishedEvent[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, type: 't', payload: {}, channels: [], createdAt: '2026-01-01T00:00:00.000Z' }));

describe(MatchJobProducer.name, () => {
  let queue: FakeQueue;
  let sut: MatchJobProducer;

  beforeEach(() => {
    jest.useFakeTimers();
    queue = new FakeQueue();
    sut = new MatchJobProducer(queue as unknown as Queue<MatchEventsJob>);
  });
  afterEach(() => jest.useRealTimers());

  it('gathers the events handed over within the wait into one job per tenant, queued in one call', async () => {
    const done = [sut.enqueue('a', events('a', 1)), sut.enqueue('b', events('b', 2)), sut.enqueue('a', events('x', 1))];
    jest.advanceTimersByTime(MATCH_HANDOFF_WAIT_MS - 1);
    expect(queue.calls).toEqual([]);
    jest.advanceTimersByTime(1);
    await Promise.all(done);
    expect(queue.calls).toEqual([[
      { tenantId: 'a', ids: ['a0', 'x0'], jobId: 'evts-a0-2' },
      { tenantId: 'b', ids: ['b0', 'b1'], jobId: 'evts-b0-2' },
    ]]);
  });

  it('queues at once, without waiting, when a job is full', async () => {
    await sut.enqueue('a', events('a', 250));
    expect(queue.calls).toHaveLength(1);
    expect(queue.calls[0].map((job) => job.ids.length)).toEqual([100, 100, 50]);
  });

  it('rejects every caller of a batch Redis did not take, and starts afresh after', async () => {
    queue.fail = new Error('Connection is closed.');
    const failed = [sut.enqueue('a', events('a', 1)), sut.enqueue('b', events('b', 1))];
    jest.advanceTimersByTime(MATCH_HANDOFF_WAIT_MS);
    for (const call of failed) await expect(call).rejects.toThrow('Connection is closed.');
    queue.fail = undefined;
    const next = sut.enqueue('c', events('c', 1));
    jest.advanceTimersByTime(MATCH_HANDOFF_WAIT_MS);
    await next;
    expect(queue.calls).toEqual([[{ tenantId: 'c', ids: ['c0'], jobId: 'evt-c0' }]]);
  });
});
