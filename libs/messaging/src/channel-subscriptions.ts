import { LoggerService } from '@nestjs/common';
import type { RedisClient } from './redis-connection';
import { MessageGuard } from '@app/contracts';
import { checkShape, describeError } from './inbound-message';
import { withTimeout } from './with-timeout';

/** How long a caller waits for Redis to confirm a SUBSCRIBE before giving up (the SUBSCRIBE itself stays queued). */
const SUBSCRIBE_TIMEOUT_MS = 5000;

/** Gets every message of the channel with the data already parsed and checked, and the raw text to forward. */
export type ChannelHandler<T> = (data: T, raw: string) => void;
export type Unsubscribe = () => Promise<void>;

interface Listener {
  guard: MessageGuard<unknown>;
  handler: ChannelHandler<unknown>;
}

interface ChannelState {
  listeners: Set<Listener>;
  /** Settles when Redis answered the SUBSCRIBE. */
  confirmed: Promise<void>;
}

/**
 * Channels opened at run time (a tenant's firehose, a user's inbox, a subscription's wake-ups): one Redis
 * subscription per channel per process, whatever the number of local listeners, dropped with the last one.
 */
export class ChannelSubscriptions {
  private readonly channels = new Map<string, ChannelState>();

  constructor(
    private readonly client: RedisClient,
    private readonly logger: LoggerService,
  ) {}

  /** Resolves once Redis confirmed the subscription, so every message published after that reaches `handler`. */
  async subscribe<T>(channel: string, guard: MessageGuard<T>, handler: ChannelHandler<T>): Promise<Unsubscribe> {
    const state = this.channels.get(channel) ?? this.open(channel);
    const listener: Listener = { guard, handler: handler as ChannelHandler<unknown> };
    state.listeners.add(listener);
    const unsubscribe = () => this.remove(channel, state, listener);
    try {
      await withTimeout(state.confirmed, SUBSCRIBE_TIMEOUT_MS, 'Redis SUBSCRIBE');
    } catch (error) {
      await unsubscribe();
      throw error;
    }
    return unsubscribe;
  }

  has(channel: string): boolean {
    return this.channels.has(channel);
  }

  /** Hands one parsed message to the channel's listeners; a listener that throws is logged and the rest still run. */
  deliver(channel: string, data: unknown, raw: string): void {
    for (const { guard, handler } of this.channels.get(channel)?.listeners ?? []) {
      if (!checkShape(channel, data, guard, this.logger)) continue;
      try {
        handler(data, raw);
      } catch (error) {
        this.logger.error(`a handler of ${channel} failed: ${describeError(error)}`);
      }
    }
  }

  private open(channel: string): ChannelState {
    const state: ChannelState = { listeners: new Set(), confirmed: this.client.subscribe(channel).then(() => undefined) };
    this.channels.set(channel, state);
    state.confirmed.catch((error: unknown) => {
      this.logger.warn(`subscribe ${channel}: ${describeError(error)}`);
      if (this.channels.get(channel) === state) this.channels.delete(channel);
    });
    return state;
  }

  private async remove(channel: string, state: ChannelState, listener: Listener): Promise<void> {
    if (!state.listeners.delete(listener) || state.listeners.size > 0 || this.channels.get(channel) !== state) return;
    this.channels.delete(channel);
    await this.client.unsubscribe(channel).catch(() => undefined);
  }
}
