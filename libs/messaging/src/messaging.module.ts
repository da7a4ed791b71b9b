import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { PubSubClient } from './pubsub.client';
import { bullConnection, connectRedis, RedisClient } from './redis-connection';
import { RedisPubSubServer } from './redis-pubsub.server';

/** The shared ioredis client for commands that are not publishes: counters, locks, generations, health. */
export const REDIS = Symbol('REDIS');
/** What BullMQ queues and workers connect with (see bullConnection). */
export const BULL_CONNECTION = Symbol('BULL_CONNECTION');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/**
 * Redis for every app: the command connection, the pub/sub transport (its own subscriber connection; start it with
 * connectMicroservice, see startHttpApp) and the client that emits events.
 */
@Global()
@Module({
  providers: [
    { provide: REDIS, inject: [AppConfig], useFactory: (config: AppConfig) => connectRedis(config, 'commands') },
    { provide: RedisPubSubServer, inject: [AppConfig], useFactory: (config: AppConfig) => new RedisPubSubServer(connectRedis(config, 'subscriber')) },
    { provide: PubSubClient, inject: [REDIS], useFactory: (redis: RedisClient) => new PubSubClient(redis) },
    { provide: BULL_CONNECTION, inject: [AppConfig], useFactory: bullConnection },
    RedisCloser,
  ],
  exports: [REDIS, BULL_CONNECTION, RedisPubSubServer, PubSubClient],
})
export class MessagingModule {}
