import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { AppEvent, isMessagesReadyMessage, isUuid, MessagesReadyMessage, PubSubChannel, SubscriptionChangedMessage, WsTakeoverMessage } from '@app/contracts';
import { PubSubClient, REDIS, RedisClient } from '@app/messaging';
import { LeasedMessage, MessageLeaseRepository, SubscriptionRepository } from '@app/persistence';
import { endSpan, startSpan } from '@app/platform';
import { ChannelHub, ChannelKind } from './channel-hub';
import { CloseCode } from './close-codes';
import { DurableOwner, DurablePeer } from './durable-peer';
import { Peer } from './peer';

const generationKey = (subscriptionId: string) => `notify:ws-generation:${subscriptionId}`;
const GENERATION_TTL_SECONDS = 30 * 24 * 3600;
const LEASE_BATCH = 100;
/** Unacked messages one connection may hold; more are leased as acks come in. */
const MAX_IN_FLIGHT = 1000;
const TICK_MS = 250;
const SAFETY_POLL_MS = 30_000;

function eventFrame(m: LeasedMessage): string {
  return JSON.stringify({
    kind: 'event', id: m.id, eventId: m.eventId, type: m.type, data: m.data, timestamp: m.createdAt, channels: m.channels, deliveryAttempt: m.deliveryAttempt,
  });
}

const wakeUpChannel: ChannelKind<MessagesReadyMessage> = {
  guard: isMessagesReadyMessage,
  dispatch: (_message, _raw, peers) => peers.forEach((peer) => (peer as DurablePeer).wake()),
};

/**
 * Durable channels: the queue is the subscription's pending deliveries in Postgres (the matcher writes them), so
 * nothing depends on this process surviving. A connection leases, pushes, and releases what it did not get acked
 * when it closes; a connection killed outright leaves leases that simply run out (visibilityTimeout).
 */
@Injectable()
export class DurableConnections implements DurableOwner, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DurableConnections.name);
  private readonly bySubscription = new Map<string, Set<DurablePeer>>();
  private readonly releases = new Set<Promise<void>>();
  private ticker?: NodeJS.Timeout;

  constructor(
    private readonly hub: ChannelHub,
    private readonly subscriptions: SubscriptionRepository,
    private readonly leases: MessageLeaseRepository,
    private readonly events: PubSubClient,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  onModuleInit(): void {
    // One ticker for all durable connections (there is at most one per subscription), not a timer each.
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.ticker);
  }

  /** Undefined (and the socket closed with 1008) when the id names no websocket subscription of this tenant. */
  async open(socket: WebSocket, tenantId: string, keyHash: string, subscriptionId: string): Promise<DurablePeer | undefined> {
    const subscription = isUuid(subscriptionId) ? await this.subscriptions.findOne(tenantId, subscriptionId) : null;
    if (!subscription || subscription.transport !== 'websocket') {
      socket.close(CloseCode.policyViolation, 'no websocket subscription with this id');
      return undefined;
    }
    const [[, generation]] = (await this.redis.multi().incr(generationKey(subscription.id)).expire(generationKey(subscription.id), GENERATION_TTL_SECONDS).exec()) as [[unknown, number]];
    const peer = new DurablePeer(socket, tenantId, keyHash, subscription.id, subscription.visibilityTimeout, generation, this);
    let local = this.bySubscription.get(peer.subscriptionId);
    if (!local) this.bySubscription.set(peer.subscriptionId, (local = new Set()));
    local.add(peer);
    await this.hub.join(PubSubChannel.subscriptionMessages(peer.subscriptionId), peer, wakeUpChannel);
    await this.events.announce(AppEvent.wsTakeover, { subscriptionId: peer.subscriptionId, generation });
    // A newer connection that announced itself before this one did has already won.
    if (Number(await this.redis.get(generationKey(peer.subscriptionId))) > generation) peer.close(CloseCode.goingAway, 'replaced by a newer connection');
    return peer;
  }

  pump(peer: DurablePeer): void {
    if (peer.pumping) {
      peer.pumpAgain = true;
      return;
    }
    peer.pumping = true;
    this.pumpLoop(peer)
      .catch((error: Error) => {
        this.logger.warn(`durable channel ${peer.subscriptionId}: ${error.message}`);
        peer.wakeAt = Date.now() + 1000;
        peer.pumpAgain = false;
      })
      .finally(() => {
        peer.pumping = false;
        // A wake-up that came while the loop was past its last check (reading the next lease expiry) is not
        // lost: without this, a message committed then waited for the 30 s safety poll.
        if (peer.pumpAgain && peer.open) this.pump(peer);
      });
  }

  ack(peer: DurablePeer, ids: string[]): void {
    this.leases.ack(peer.tenantId, peer.subscriptionId, ids).then(
      () => {
        const wasFull = peer.inFlight.size >= MAX_IN_FLIGHT;
        for (const id of ids) peer.inFlight.delete(id.toLowerCase());
        if (wasFull) this.pump(peer);
      },
      (error: Error) => this.logger.warn(`ack on ${peer.subscriptionId} failed (the lease will run out): ${error.message}`),
    );
  }

  leave(peer: DurablePeer): void {
    const local = this.bySubscription.get(peer.subscriptionId);
    local?.delete(peer);
    if (local?.size === 0) this.bySubscription.delete(peer.subscriptionId);
    this.hub.leave(PubSubChannel.subscriptionMessages(peer.subscriptionId), peer);
    if (peer.inFlight.size > 0) this.release(peer, [...peer.inFlight]);
    peer.inFlight.clear();
  }

  /** Resolves once every lease of closed connections is handed back (shutdown waits for this). */
  async drained(): Promise<void> {
    while (this.releases.size > 0) await Promise.allSettled([...this.releases]);
  }

  private async pumpLoop(peer: DurablePeer): Promise<void> {
    do {
      peer.pumpAgain = false;
      await this.leaseWhileRoom(peer);
    } while (peer.pumpAgain && peer.open);
    if (!peer.open) return;
    const expiry = await this.leases.nextLeaseExpiry(peer.subscriptionId);
    // A wake-up published while Redis was unreachable is lost; a slow poll bounds how long that can delay a message.
    peer.wakeAt = Math.min(expiry ? expiry.getTime() + 20 : Infinity, Date.now() + SAFETY_POLL_MS);
    if (peer.socket.bufferedAmount >= Peer.maxBufferedBytes / 2) peer.wakeAt = Date.now() + 500;
  }

  private async leaseWhileRoom(peer: DurablePeer): Promise<void> {
    while (peer.open && peer.inFlight.size < MAX_IN_FLIGHT && peer.socket.bufferedAmount < Peer.maxBufferedBytes / 2) {
      const max = Math.min(LEASE_BATCH, MAX_IN_FLIGHT - peer.inFlight.size);
      const messages = await this.leases.lease(peer.tenantId, peer.subscriptionId, max, peer.leaseSeconds);
      if (!peer.open) {
        // Closed while leasing: its release already ran without these.
        if (messages.length > 0) this.release(peer, messages.map((m) => m.id));
        return;
      }
      // Leased rows come from Postgres with no trace to continue: one span per pushed batch.
      const span = messages.length > 0 ? startSpan('ws.push', undefined, { 'notify.ws.kind': 'durable', 'notify.ws.messages': messages.length }) : undefined;
      for (const message of messages) {
        peer.inFlight.add(message.id);
        peer.send(eventFrame(message));
      }
      if (span) endSpan(span);
      if (messages.length < max) return;
    }
  }

  /** Hands leases back at once and wakes whichever connection now owns the subscription. */
  private release(peer: DurablePeer, ids: string[]): void {
    const done: Promise<void> = this.leases
      .releaseLeases(peer.tenantId, peer.subscriptionId, ids)
      .then(() => this.events.announce(PubSubChannel.subscriptionMessages(peer.subscriptionId), { subscriptionId: peer.subscriptionId }))
      .catch((error: Error) => this.logger.warn(`could not release ${ids.length} leases of ${peer.subscriptionId} (they will run out): ${error.message}`))
      .finally(() => this.releases.delete(done));
    this.releases.add(done);
  }

  /** A newer connection announced itself (AppEvent.wsTakeover), here or on another gateway. */
  closeOlder({ subscriptionId, generation }: WsTakeoverMessage): void {
    for (const peer of this.bySubscription.get(subscriptionId) ?? []) {
      if (peer.generation < generation) peer.close(CloseCode.goingAway, 'replaced by a newer connection');
    }
  }

  /** A subscription changed or went away: its connections here follow (AppEvent.subscriptionChanged). */
  async subscriptionChanged({ tenantId, subscriptionId }: SubscriptionChangedMessage): Promise<void> {
    const local = this.bySubscription.get(subscriptionId);
    if (!local) return;
    const subscription = await this.subscriptions.findOne(tenantId, subscriptionId);
    for (const peer of local) {
      if (!subscription || subscription.transport !== 'websocket') peer.close(CloseCode.goingAway, 'subscription deleted');
      else peer.leaseSeconds = subscription.visibilityTimeout;
    }
  }

  private tick(): void {
    const now = Date.now();
    for (const local of this.bySubscription.values()) {
      for (const peer of local) {
        if (peer.started && peer.wakeAt > 0 && peer.wakeAt <= now) {
          peer.wakeAt = 0;
          this.pump(peer);
        }
      }
    }
  }
}
