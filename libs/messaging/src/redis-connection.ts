import { Logger } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { AppConfig } from '@app/config';

/** ioredis options from a redis:// URL. Kept as options (not a client) so BullMQ can open its own connections. */
export function redisOptions(redisUrl: string, overrides: RedisOptions = {}): RedisOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...overrides,
  };
}

export type RedisRole = 'commands' | 'subscriber' | 'bullmq';

/** How each connection behaves when Redis is slow or gone. */
function overridesFor(role: RedisRole): RedisOptions {
  switch (role) {
    // One retry and a command timeout turn a dead Redis into a prompt error (a 503), never a hung request.
    case 'commands':
      return { maxRetriesPerRequest: 1, commandTimeout: 3000 };
    // A SUBSCRIBE waits for Redis to come back (callers bound the wait); no ready check, whose INFO could cross a
    // SUBSCRIBE issued while connecting.
    case 'subscriber':
      return { enableReadyCheck: false, maxRetriesPerRequest: null };
    // BullMQ's workers block on Redis and must never give up a command.
    case 'bullmq':
      return { maxRetriesPerRequest: null };
  }
}

/** BullMQ opens its connections itself; these are the options it gets. */
export function bullConnectionOptions(config: AppConfig): RedisOptions {
  return redisOptions(config.redisUrl, overridesFor('bullmq'));
}

/** The one place a Redis connection is made (a Redis Cluster would be swapped in here). */
export function connectRedis(config: AppConfig, role: RedisRole): Redis {
  const client = new Redis(redisOptions(config.redisUrl, overridesFor(role)));
  const logger = new Logger(`Redis:${role}`);
  let lastError = '';
  client.on('error', (error: Error) => {
    if (error.message !== lastError) logger.warn(`redis ${role} connection: ${error.message}`);
    lastError = error.message;
  });
  client.on('ready', () => (lastError = ''));
  return client;
}
