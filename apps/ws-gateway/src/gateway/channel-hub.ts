import { Injectable, Logger } from '@nestjs/common';
import { RedisSubscriber } from '@app/platform';
import { Peer } from './peer';

/** Turns one pub/sub message into frames for the local peers of its channel; runs once per message, not per peer. */
export type Dispatch = (message: string, peers: Set<Peer>) => void;

interface ChannelState {
  peers: Set<Peer>;
  dispatch: Dispatch;
  subscribed: Promise<() => Promise<void>>;
}

/**
 * One Redis subscription per channel per process, shared by every local socket on it: subscribed when the first
 * local peer joins, unsubscribed when the last one leaves. This is what lets any instance deliver to its own
 * sockets whatever instance or app published, without a subscription per connection.
 */
@Injectable()
export class ChannelHub {
  private readonly logger = new Logger(ChannelHub.name);
  private readonly channels = new Map<string, ChannelState>();

  constructor(private readonly subscriber: RedisSubscriber) {}

  /** Resolves once Redis confirmed the subscription, so the caller may promise the peer every later message. */
  async join(channel: string, peer: Peer, dispatch: Dispatch): Promise<void> {
    let state = this.channels.get(channel);
    if (!state) {
      const peers = new Set<Peer>();
      const subscribed = this.subscriber.subscribe(channel, (message) => this.deliver(channel, peers, dispatch, message));
      state = { peers, dispatch, subscribed };
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

  private deliver(channel: string, peers: Set<Peer>, dispatch: Dispatch, message: string): void {
    if (peers.size === 0) return;
    try {
      dispatch(message, peers);
    } catch (error) {
      this.logger.warn(`dropped a malformed message on ${channel}: ${(error as Error).message}`);
    }
  }
}
