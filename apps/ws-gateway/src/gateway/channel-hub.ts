import { Injectable } from '@nestjs/common';
import { MessageGuard } from '@app/contracts';
import { RedisPubSubServer, Unsubscribe } from '@app/messaging';
import { Peer } from './peer';

/**
 * What a kind of channel carries and how one message becomes frames for the local peers of that channel. The
 * dispatch runs once per message, not per peer; the message comes parsed and checked by the transport.
 */
export interface ChannelKind<T> {
  guard: MessageGuard<T>;
  dispatch(message: T, raw: string, peers: Set<Peer>): void;
}

interface ChannelState {
  peers: Set<Peer>;
  subscribed: Promise<Unsubscribe>;
}

/**
 * One Redis subscription per channel per process, shared by every local socket on it: subscribed when the first
 * local peer joins, unsubscribed when the last one leaves. This is what lets any instance deliver to its own
 * sockets whatever instance or app published, without a subscription per connection.
 */
@Injectable()
export class ChannelHub {
  private readonly channels = new Map<string, ChannelState>();

  constructor(private readonly pubsub: RedisPubSubServer) {}

  /** Resolves once Redis confirmed the subscription, so the caller may promise the peer every later message. */
  async join<T>(channel: string, peer: Peer, kind: ChannelKind<T>): Promise<void> {
    let state = this.channels.get(channel);
    if (!state) {
      const peers = new Set<Peer>();
      const subscribed = this.pubsub.subscribe(channel, kind.guard, (message, raw) => peers.size > 0 && kind.dispatch(message, raw, peers));
      state = { peers, subscribed };
      this.channels.set(channel, state);
      const created = state;
      subscribed.catch(() => this.channels.get(channel) === created && this.channels.delete(channel));
    }
    state.peers.add(peer);
    await state.subscribed;
  }

  leave(channel: string, peer: Peer): void {
    const state = this.channels.get(channel);
    if (!state || !state.peers.delete(peer) || state.peers.size > 0) return;
    this.channels.delete(channel);
    state.subscribed.then((unsubscribe) => unsubscribe()).catch(() => undefined);
  }

  /** Local peers of a channel (empty when none). */
  peersOf(channel: string): Set<Peer> {
    return this.channels.get(channel)?.peers ?? new Set();
  }

  get channelCount(): number {
    return this.channels.size;
  }
}
