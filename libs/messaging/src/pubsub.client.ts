import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import type { RedisClient } from './redis-connection';
import { AppEventName, AppEventPayloads } from '@app/contracts';

interface Pending {
  channel: string;
  message: string;
  settle(error?: Error): void;
}

/**
 * Sends pub/sub events with `emit` on the shared command connection. On the wire a message is just its data as
 * JSON on the channel, as before this client existed. Events emitted in the same tick go out as one pipeline,
 * so announcing a batch costs one round trip.
 */
export class PubSubClient extends ClientProxy {
  private pending: Pending[] = [];

  constructor(private readonly redis: RedisClient) {
    super();
  }

  /** Publishes one event and resolves once Redis took it; rejects when it could not (callers decide if that matters). */
  announce<P extends AppEventName>(pattern: P, data: AppEventPayloads[P]): Promise<void>;
  announce(channel: string, data: object): Promise<void>;
  announce(channel: string, data: object): Promise<void> {
    // Straight to the pipeline: emit()'s observable plumbing cost more than the PUBLISH itself on the hot path.
    return this.enqueue(channel, data);
  }

  async connect(): Promise<RedisClient> {
    return this.redis;
  }

  /** The command connection belongs to MessagingModule, which closes it. */
  close(): void {}

  unwrap<T>(): T {
    return this.redis as T;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error('pub/sub carries events only: use emit(), not send()'), isDisposed: true });
    return () => undefined;
  }

  protected dispatchEvent<T = void>(packet: ReadPacket): Promise<T> {
    return this.enqueue(String(packet.pattern), packet.data) as Promise<T>;
  }

  private enqueue(channel: string, data: unknown): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.pending.length === 0) process.nextTick(() => this.flush());
      this.pending.push({ channel, message: JSON.stringify(data), settle: (error) => (error ? reject(error) : resolve()) });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 1) {
      this.redis.publish(batch[0].channel, batch[0].message).then(() => batch[0].settle(), (error: Error) => batch[0].settle(error));
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const { channel, message } of batch) pipeline.publish(channel, message);
    pipeline.exec().then(
      (results) => batch.forEach((item, i) => item.settle(results?.[i]?.[0] ?? undefined)),
      (error: Error) => batch.forEach((item) => item.settle(error)),
    );
  }
}
