import { LeasedMessage, MessageLeaseRepository } from '@app/persistence';
import { PubSubClient, RedisPubSubServer } from '@app/messaging';
import { LongPollWaiters, PollRequest } from './long-poll-waiters';

/** A stand-in table of ready message ids and a stand-in pub/sub, to watch the registry's own bookkeeping. */
class FakeLeases {
  ready: string[] = [];
  nextExpiry: Date | null = null;
  leaseCalls = 0;
  released: string[] = [];

  async lease(_t: string, _s: string, max: number): Promise<LeasedMessage[]> {
    this.leaseCalls++;
    return this.ready.splice(0, max).map((id) => ({ id, eventId: id, type: 't', data: {}, channels: [], createdAt: '', deliveryAttempt: 1 }));
  }
  async nextLeaseExpiry(): Promise<Date | null> {
    return this.nextExpiry;
  }
  async releaseLeases(_t: string, _s: string, ids: string[]): Promise<number> {
    this.released.push(...ids);
    this.ready.push(...ids);
    return ids.length;
  }
}

class FakeSubscriber {
  readonly handlers = new Map<string, () => void>();
  async subscribe(channel: string, _guard: unknown, handler: () => void): Promise<() => Promise<void>> {
    this.handlers.set(channel, handler);
    return async () => void this.handlers.delete(channel);
  }
  publish(subscriptionId: string): void {
    this.handlers.get(`notify:sub-messages:${subscriptionId}`)?.();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('LongPollWaiters', () => {
  let leases: FakeLeases;
  let subscriber: FakeSubscriber;
  let waiters: LongPollWaiters;
  const request = (max = 10, waitMs = 60_000): PollRequest => ({ tenantId: 't', subscriptionId: 's', max, leaseSeconds: 30, waitMs });

  beforeEach(() => {
    leases = new FakeLeases();
    subscriber = new FakeSubscriber();
    const events = { announce: async () => undefined } as unknown as PubSubClient;
    waiters = new LongPollWaiters(leases as unknown as MessageLeaseRepository, subscriber as unknown as RedisPubSubServer, events);
  });

  afterEach(() => waiters.onModuleDestroy());

  it('serves waiters oldest first when a message is announced, and unsubscribes when nobody waits', async () => {
    const first = waiters.wait(request(1), new AbortController().signal);
    const second = waiters.wait(request(1), new AbortController().signal);
    await flush();
    expect(subscriber.handlers.size).toBe(1);
    leases.ready.push('a');
    subscriber.publish('s');
    expect((await first).map((m) => m.id)).toEqual(['a']);
    expect(waiters.waiting).toBe(1);
    leases.ready.push('b');
    subscriber.publish('s');
    expect((await second).map((m) => m.id)).toEqual(['b']);
    await flush();
    expect(subscriber.handlers.size).toBe(0);
  });

  it('answers [] after waitMs or when the client is gone, and forgets the waiter', async () => {
    const gone = new AbortController();
    const aborted = waiters.wait(request(10, 60_000), gone.signal);
    const timedOut = waiters.wait(request(10, 30), new AbortController().signal);
    gone.abort();
    expect(await aborted).toEqual([]);
    expect(await timedOut).toEqual([]);
    expect(waiters.waiting).toBe(0);
    await flush();
    expect(subscriber.handlers.size).toBe(0);
  });

  it('wakes at the soonest lease expiry without any announcement', async () => {
    leases.nextExpiry = new Date(Date.now() + 50);
    const waiting = waiters.wait(request(), new AbortController().signal);
    await flush();
    leases.ready.push('expired');
    expect((await waiting).map((m) => m.id)).toEqual(['expired']);
  });

  it('coalesces a burst of announcements instead of leasing once per message', async () => {
    const waiting = waiters.wait(request(), new AbortController().signal);
    await flush();
    await flush();
    const before = leases.leaseCalls;
    for (let i = 0; i < 100; i++) subscriber.publish('s');
    await flush();
    await flush();
    expect(leases.leaseCalls - before).toBeLessThanOrEqual(2);
    waiters.onModuleDestroy();
    expect(await waiting).toEqual([]);
  });
});
