import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import Redis from 'ioredis';
import { redisOptions } from './redis-options';

/** The shared ioredis client for commands and publishes. */
export const REDIS = Symbol('REDIS');

function connect(config: AppConfig, role: string): Redis {
  // One retry and a command timeout turn a dead Redis into a prompt error (a 503), never a hung request.
  // The subscriber skips the ready check: its INFO could cross a SUBSCRIBE issued while connecting.
  const overrides = role === 'subscriber' ? { enableReadyCheck: false } : { maxRetriesPerRequest: 1, commandTimeout: 3000 };
  const client = new Redis(redisOptions(config.redisUrl, overrides));
  const logger = new Logger(`Redis:${role}`);
  let lastError = '';
  client.on('error', (error: Error) => {
    if (error.message !== lastError) logger.warn(`redis ${role} connection: ${error.message}`);
    lastError = error.message;
  });
  client.on('ready', () => (lastError = ''));
  return client;
}

/** One pub/sub subscriber connection per process, fanning messages out to in-process handlers. */
@Injectable()
export class RedisSubscriber implements OnApplicationShutdown {
  private readonly client: Redis;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private readonly logger = new Logger(RedisSubscriber.name);

  constructor(config: AppConfig) {
    this.client = connect(config, 'subscriber');
    this.client.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(message);
    });
  }

  /** Returns an unsubscribe function. */
  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      // Not awaited: with Redis down at start-up this would block boot; ioredis subscribes once connected.
      this.client.subscribe(channel).catch((error: Error) => this.logger.warn(`subscribe ${channel}: ${error.message}`));
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(channel) === set) {
        this.handlers.delete(channel);
        await this.client.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [AppConfig], useFactory: (config: AppConfig) => connect(config, 'commands') }, RedisSubscriber, RedisCloser],
  exports: [REDIS, RedisSubscriber],
})
export class RedisModule {}
