import { Injectable } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { isUserNotificationMessage, PubSubChannel, UserNotificationMessage } from '@app/contracts';
import { NotificationRepository, toNotificationView } from '@app/persistence';
import { endSpan, startSpan, UserIdentity } from '@app/platform';
import { ChannelHub, ChannelKind } from './channel-hub';
import { CloseCode } from './close-codes';
import { Peer } from './peer';

const REPLAY_BATCH = 500;
/** Live notifications held back while a replay runs; a user receiving more than this meanwhile must reconnect. */
const MAX_HELD = 10_000;
/**
 * A replayed notification's own publish may still be on its way when the replay ends (commit, then publish).
 * Ids of replayed rows this young are remembered this long so that late publish is not sent twice.
 */
const LATE_PUBLISH_WINDOW_MS = 60_000;

interface Held {
  id: string;
  frame: Buffer;
}

/** A user's inbox connection: live notifications, after an optional `?since=` replay. */
export class UserPeer extends Peer {
  /** Live frames that arrived before start() or during the replay; undefined once flowing. */
  held?: Held[] = [];
  /** Recently created replayed ids whose live publish must be skipped, until `recentUntil`. */
  recent?: Set<string>;
  recentUntil = 0;

  constructor(socket: WebSocket, readonly identity: UserIdentity, readonly channel: string, private readonly owner: UserConnections, private readonly since?: string) {
    super(socket);
  }

  push(id: string, frame: Buffer): void {
    if (this.recent && Date.now() > this.recentUntil) this.recent = undefined;
    if (this.recent?.delete(id)) return;
    if (!this.held) this.send(frame);
    else if (this.held.length < MAX_HELD) this.held.push({ id, frame });
    else this.close(CloseCode.tryAgainLater, 'too many notifications during replay');
  }

  start(): void {
    this.owner.replay(this, this.since).catch(() => this.close(CloseCode.unexpected, 'replay failed'));
  }

  protected release(): void {
    this.held = undefined;
    this.owner.leave(this);
  }
}

const inboxChannel: ChannelKind<UserNotificationMessage> = { guard: isUserNotificationMessage, dispatch: dispatchNotification };

/** The notification goes out as published (its raw JSON), not re-serialised. */
function dispatchNotification({ id }: UserNotificationMessage, raw: string, peers: Set<Peer>): void {
  const frame = Buffer.from(`{"kind":"notification","notification":${raw}}`);
  const span = startSpan('ws.push', undefined, { 'notify.ws.kind': 'user', 'notify.ws.peers': peers.size });
  for (const peer of peers) (peer as UserPeer).push(id, frame);
  endSpan(span);
}

@Injectable()
export class UserConnections {
  constructor(private readonly hub: ChannelHub, private readonly notifications: NotificationRepository) {}

  async open(socket: WebSocket, identity: UserIdentity, since?: string): Promise<UserPeer> {
    const peer = new UserPeer(socket, identity, PubSubChannel.userNotifications(identity.tenantId, identity.userId), this, since);
    await this.hub.join(peer.channel, peer, inboxChannel);
    return peer;
  }

  leave(peer: UserPeer): void {
    this.hub.leave(peer.channel, peer);
  }

  /**
   * The subscription is live before the replay query runs, so a notification is either in the query result or
   * held (or both): no gap. Held ones the replay already sent are skipped, and so is a replayed row's publish
   * arriving after the replay: no duplicate. An unknown `since` replays nothing.
   */
  async replay(peer: UserPeer, since?: string): Promise<void> {
    const replayed = new Set<string>();
    const recent = new Set<string>();
    const youngSince = Date.now() - LATE_PUBLISH_WINDOW_MS;
    let seq = since ? await this.notifications.seqOf(peer.identity.tenantId, peer.identity.userId, since) : undefined;
    while (seq !== undefined && peer.open) {
      const rows = await this.notifications.listAfter(peer.identity.tenantId, peer.identity.userId, seq, REPLAY_BATCH);
      for (const row of rows) {
        replayed.add(row.id);
        if (new Date(row.createdAt).getTime() > youngSince) recent.add(row.id);
        peer.send(`{"kind":"notification","notification":${JSON.stringify(toNotificationView(row))}}`);
      }
      seq = rows.length === REPLAY_BATCH ? rows[rows.length - 1].seq : undefined;
    }
    const held = peer.held ?? [];
    peer.held = undefined;
    for (const { id, frame } of held) {
      recent.delete(id);
      if (!replayed.has(id)) peer.send(frame);
    }
    if (recent.size > 0) {
      peer.recent = recent;
      peer.recentUntil = Date.now() + LATE_PUBLISH_WINDOW_MS;
    }
  }
}
