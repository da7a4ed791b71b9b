import { Injectable } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { isTenantEventMessage, PubSubChannel, TenantEventMessage } from '@app/contracts';
import { endSpan, startSpan } from '@app/platform';
import { ChannelHub, ChannelKind } from './channel-hub';
import { Peer } from './peer';

/** A tenant's live feed of every event (or of `?types=`); nothing is queued for it. */
export class FirehosePeer extends Peer {
  held?: Buffer[] = [];

  constructor(socket: WebSocket, readonly keyHash: string, readonly channel: string, readonly types: Set<string> | undefined, private readonly owner: FirehoseConnections) {
    super(socket);
  }

  push(type: string, frame: Buffer): void {
    if (this.types && !this.types.has(type)) return;
    if (this.held) this.held.push(frame);
    else this.send(frame);
  }

  start(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const frame of held) this.send(frame);
  }

  protected release(): void {
    this.held = undefined;
    this.owner.leave(this);
  }
}

const firehoseChannel: ChannelKind<TenantEventMessage> = { guard: isTenantEventMessage, dispatch: dispatchEvent };

function dispatchEvent(event: TenantEventMessage, _raw: string, peers: Set<Peer>): void {
  const frame = Buffer.from(JSON.stringify({
    kind: 'event', id: event.id, eventId: event.id, type: event.type, data: event.payload, timestamp: event.createdAt, channels: event.channels,
  }));
  const span = startSpan('ws.push', event.origin?.traceparent, { 'notify.ws.kind': 'firehose', 'notify.ws.peers': peers.size });
  for (const peer of peers) (peer as FirehosePeer).push(event.type, frame);
  endSpan(span);
}

@Injectable()
export class FirehoseConnections {
  constructor(private readonly hub: ChannelHub) {}

  async open(socket: WebSocket, tenantId: string, keyHash: string, types?: string[]): Promise<FirehosePeer> {
    const peer = new FirehosePeer(socket, keyHash, PubSubChannel.tenantEvents(tenantId), types && new Set(types), this);
    await this.hub.join(peer.channel, peer, firehoseChannel);
    return peer;
  }

  leave(peer: FirehosePeer): void {
    this.hub.leave(peer.channel, peer);
  }
}
