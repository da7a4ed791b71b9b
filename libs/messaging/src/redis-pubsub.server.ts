import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { RedisClient } from './redis-connection';
import { appEventGuards, AppEventName, MessageGuard } from '@app/contracts';
import { ChannelHandler, ChannelSubscriptions, Unsubscribe } from './channel-subscriptions';
import { checkShape, describeError, MALFORMED, parseMessage } from './inbound-message';
import { withTimeout } from './with-timeout';

/** Boot waits this long for Redis to confirm the event subscriptions; /health says down until it has. */
const STARTUP_CONFIRM_MS = 3000;

/** What an `@EventPattern` handler can ask with `@Ctx()`: the channel the message came on. */
export class PubSubContext extends BaseRpcContext<[string]> {
  getChannel(): string {
    return this.args[0];
  }
}

/**
 * A Nest microservice transport over Redis pub/sub on the project's own ioredis connection (Nest's Redis
 * transporter cannot use a Redis Cluster). `@EventPattern(AppEvent.x)` handlers are subscribed before the app
 * starts listening; per-tenant, per-user and per-subscription channels are opened at run time with
 * `subscribe()` on the same connection. Every message is parsed and checked here, once: a malformed message or
 * a failing handler is logged and dropped, never thrown into the Redis client.
 */
export class RedisPubSubServer extends Server implements CustomTransportStrategy, OnApplicationShutdown {
  protected readonly logger = new Logger(RedisPubSubServer.name);
  private readonly channels: ChannelSubscriptions;
  private listening = false;
  private eventsConfirmed = false;

  constructor(private readonly subscriber: RedisClient) {
    super();
    this.channels = new ChannelSubscriptions(subscriber, this.logger);
    subscriber.on('message', (channel: string, raw: string) => this.onMessage(channel, raw));
    subscriber.on('close', () => (this.eventsConfirmed = false));
    // ioredis resubscribes by itself after a reconnect; this is how we learn that Redis confirmed it.
    subscriber.on('ready', () => {
      if (this.listening) this.confirmEvents().catch((error: unknown) => this.logger.warn(`resubscribing: ${describeError(error)}`));
    });
  }

  /** Subscribes every `@EventPattern` channel and calls back once Redis confirmed them (or after a bounded wait). */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    this.listening = true;
    try {
      await withTimeout(this.confirmEvents(), STARTUP_CONFIRM_MS, 'Redis SUBSCRIBE');
    } catch (error) {
      this.logger.warn(`event subscriptions not confirmed yet (${describeError(error)}); /health reports Redis down until they are`);
    }
    callback();
  }

  /** True while Redis has confirmed every `@EventPattern` channel on a live connection. */
  get ready(): boolean {
    return this.eventsConfirmed && this.subscriber.status === 'ready';
  }

  /** Opens a run-time channel; resolves once Redis confirmed it (see ChannelSubscriptions). */
  subscribe<T>(channel: string, guard: MessageGuard<T>, handler: ChannelHandler<T>): Promise<Unsubscribe> {
    return this.channels.subscribe(channel, guard, handler);
  }

  close(): void {
    this.listening = false;
    this.subscriber.disconnect();
  }

  onApplicationShutdown(): void {
    this.close();
  }

  /** Listens to the subscriber connection's own events (error, ready, ...), with the signature Server declares. */
  on(event: string, callback: Function): void {
    this.subscriber.on(event, callback as (...args: unknown[]) => void);
  }

  unwrap<T>(): T {
    return this.subscriber as T;
  }

  private async confirmEvents(): Promise<void> {
    const patterns = [...this.messageHandlers.keys()];
    if (patterns.length > 0) await this.subscriber.subscribe(...patterns);
    this.eventsConfirmed = true;
  }

  private onMessage(channel: string, raw: string): void {
    const isEvent = this.messageHandlers.has(channel);
    if (!isEvent && !this.channels.has(channel)) return;
    const data = parseMessage(channel, raw, this.logger);
    if (data === MALFORMED) return;
    if (isEvent) this.dispatchEvent(channel, data);
    else this.channels.deliver(channel, data, raw);
  }

  private dispatchEvent(channel: string, data: unknown): void {
    const guard = appEventGuards[channel as AppEventName] as MessageGuard<unknown> | undefined;
    if (guard && !checkShape(channel, data, guard, this.logger)) return;
    this.handleEvent(channel, { pattern: channel, data }, new PubSubContext([channel])).catch((error: unknown) => {
      this.logger.error(`a handler of ${channel} failed: ${describeError(error)}`);
    });
  }
}
