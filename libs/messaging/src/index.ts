export * from './channel-subscriptions';
export * from './messaging.module';
export * from './pubsub.client';
export * from './queues';
export * from './redis-connection';
export * from './redis-pubsub.server';
export * from './with-timeout';
export * from './webhook-partitions';
