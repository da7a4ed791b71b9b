import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { isMessagesReadyMessage, PubSubChannel } from '@app/contracts';
import { PubSubClient, RedisPubSubServer } from '@app/messaging';
import { LeasedMessage, MessageLeaseRepository } from '@app/persistence';

export interface PollRequest {
  tenantId: string;
  subscriptionId: string;
  max: number;
  leaseSeconds: number;
  waitMs: number;
}

interface Waiter extends PollRequest {
  /** Hands the waiter its answer; false when it had already been answered (timed out or gone). */
  finish(messages: LeasedMessage[]): boolean;
}

/** Everyone waiting on one subscription in this process: one Redis subscription and one lease-expiry timer for all. */
class Group {
  readonly waiters = new Set<Waiter>();
  ready!: Promise<(() => Promise<void>) | undefined>;
  draining = false;
  again = false;
  expiryTimer?: NodeJS.Timeout;

  constructor(readonly subscriptionId: string) {}
}

/** After a lease runs out, wake a little later so the expired row is surely ready when we lease. */
const EXPIRY_SLACK_MS = 20;

/**
 * Long-poll waiting without polling: a waiter costs a closure and a timer. Waiters are served oldest first
 * whenever something may have become ready: a Redis message on the subscription's channel (new deliveries,
 * released leases, requeues, from any instance) or the soonest lease expiry.
 */
@Injectable()
export class LongPollWaiters implements OnModuleDestroy {
  private readonly logger = new Logger(LongPollWaiters.name);
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly leases: MessageLeaseRepository,
    private readonly pubsub: RedisPubSubServer,
    private readonly events: PubSubClient,
  ) {}

  /** Resolves with leased messages as soon as any are ready, or [] after `waitMs` or once `gone` aborts. */
  wait(request: PollRequest, gone: AbortSignal): Promise<LeasedMessage[]> {
    const group = this.groupFor(request.subscriptionId);
    return new Promise((resolve) => {
      let answered = false;
      const timer = setTimeout(() => waiter.finish([]), request.waitMs);
      const onGone = () => waiter.finish([]);
      const waiter: Waiter = {
        ...request,
        finish: (messages) => {
          if (answered) return false;
          answered = true;
          clearTimeout(timer);
          gone.removeEventListener('abort', onGone);
          this.remove(group, waiter);
          resolve(messages);
          return true;
        },
      };
      gone.addEventListener('abort', onGone, { once: true });
      group.waiters.add(waiter);
      // Lease only once subscribed: a message published before that is then found by this first lease.
      void group.ready.then(() => this.drain(group));
    });
  }

  /** Makes messages a client never received ready again at once, and wakes whoever waits for them anywhere. */
  async giveBack(tenantId: string, subscriptionId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.leases.releaseLeases(tenantId, subscriptionId, ids);
    await this.events.announce(PubSubChannel.subscriptionMessages(subscriptionId), { subscriptionId });
  }

  get waiting(): number {
    let n = 0;
    for (const group of this.groups.values()) n += group.waiters.size;
    return n;
  }

  /** On shutdown every waiter gets its 204 now, so the HTTP server can close without waiting out long polls. */
  onModuleDestroy(): void {
    for (const group of [...this.groups.values()]) for (const waiter of [...group.waiters]) waiter.finish([]);
  }

  private groupFor(subscriptionId: string): Group {
    let group = this.groups.get(subscriptionId);
    if (group) return group;
    const created = new Group(subscriptionId);
    this.groups.set(subscriptionId, created);
    const channel = PubSubChannel.subscriptionMessages(subscriptionId);
    created.ready = this.pubsub.subscribe(channel, isMessagesReadyMessage, () => void this.drain(created)).catch((error: Error) => {
      // Without Redis the waiters still get what is ready now and at lease expiry, and a 204 at the end.
      this.logger.warn(`cannot subscribe to messages of ${subscriptionId}: ${error.message}`);
      return undefined;
    });
    group = created;
    return group;
  }

  private remove(group: Group, waiter: Waiter): void {
    group.waiters.delete(waiter);
    if (group.waiters.size > 0 || this.groups.get(group.subscriptionId) !== group) return;
    this.groups.delete(group.subscriptionId);
    clearTimeout(group.expiryTimer);
    void group.ready.then((unsubscribe) => unsubscribe?.());
  }

  /** Serves the group's waiters; calls that arrive while it runs make it run once more instead of in parallel. */
  private async drain(group: Group): Promise<void> {
    if (group.draining) {
      group.again = true;
      return;
    }
    group.draining = true;
    try {
      do {
        group.again = false;
        await this.serve(group);
      } while (group.again && group.waiters.size > 0);
      if (group.waiters.size > 0) await this.armExpiryTimer(group);
    } catch (error) {
      this.logger.warn(`serving waiters of ${group.subscriptionId} failed: ${(error as Error).message}`);
    } finally {
      group.draining = false;
    }
  }

  /** Oldest waiter first, each gets up to its `max`, until nothing is ready or nobody waits. */
  private async serve(group: Group): Promise<void> {
    for (const waiter of group.waiters) {
      const messages = await this.leases.lease(waiter.tenantId, waiter.subscriptionId, waiter.max, waiter.leaseSeconds);
      if (messages.length === 0) return;
      // The waiter may have timed out or disconnected while we leased: the messages go back for the next one.
      if (!waiter.finish(messages)) await this.giveBack(waiter.tenantId, waiter.subscriptionId, messages.map((m) => m.id));
    }
  }

  private async armExpiryTimer(group: Group): Promise<void> {
    const next = await this.leases.nextLeaseExpiry(group.subscriptionId);
    clearTimeout(group.expiryTimer);
    group.expiryTimer = undefined;
    if (!next || group.waiters.size === 0 || this.groups.get(group.subscriptionId) !== group) return;
    group.expiryTimer = setTimeout(() => void this.drain(group), Math.max(0, next.getTime() - Date.now()) + EXPIRY_SLACK_MS);
  }
}
