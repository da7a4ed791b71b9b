import { Logger } from '@nestjs/common';
import Redis, { Cluster, ClusterOptions, RedisOptions } from 'ioredis';
import { AppConfig } from '@app/config';

/** A connection to one Redis or to a Redis Cluster (REDIS_CLUSTER_NODES); both speak the same commands. */
export type RedisClient = Redis | Cluster;

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

/**
 * A Redis Cluster client. Credentials and TLS, if any, still come from REDIS_URL (every node shares them); host,
 * port and db do not (a cluster has only db 0). ioredis makes the node connections itself (its subscriber
 * connection with its own ready check, see ClusterSubscriber), so only the command limits are passed on.
 */
function connectCluster(config: AppConfig, role: RedisRole): Cluster {
  const { username, password, tls } = redisOptions(config.redisUrl);
  const { maxRetriesPerRequest, commandTimeout } = overridesFor(role);
  const options: ClusterOptions = {
    redisOptions: { username, password, tls, maxRetriesPerRequest, commandTimeout },
    clusterRetryStrategy: (times) => Math.min(times * 200, 2000),
    // A failover moves slots: retry a command on the new owner rather than fail it.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
  };
  return new Cluster(config.redisClusterNodes!, options);
}

/** The BullMQ connection of a process on a cluster: one Cluster client shared by its queues and workers. */
let sharedBullCluster: Cluster | undefined;

/**
 * What BullMQ connects with. On one Redis, options (each queue and worker opens its own connection, as before);
 * on a cluster, one shared Cluster client (BullMQ duplicates it for a worker's blocking connection), since a
 * Cluster client per queue would open a connection to every node for each.
 */
export function bullConnection(config: AppConfig): RedisOptions | Cluster {
  if (!config.redisClusterNodes) return redisOptions(config.redisUrl, overridesFor('bullmq'));
  sharedBullCluster ??= logErrors(connectCluster(config, 'bullmq'), 'bullmq');
  return sharedBullCluster;
}

/** Closes the shared BullMQ cluster client, if there is one, once the queues and workers are closed. */
export async function closeBullConnection(): Promise<void> {
  const cluster = sharedBullCluster;
  sharedBullCluster = undefined;
  await cluster?.quit().catch(() => cluster.disconnect());
}

/**
 * BullMQ key prefix of a queue. On a cluster the queue's name is the hash tag, so all of one queue's keys (which
 * its Lua scripts touch together) share a slot, while different queues may live on different shards. On one Redis
 * it stays BullMQ's default, so queues and jobs made before this setting existed are the same ones.
 */
export function queuePrefix(config: AppConfig, queueName: string): string {
  return config.redisClusterNodes ? `bull:{${queueName}}` : 'bull';
}

/** The one place a Redis connection is made: to REDIS_CLUSTER_NODES when set, else to REDIS_URL. */
export function connectRedis(config: AppConfig, role: RedisRole): RedisClient {
  const client = config.redisClusterNodes ? connectCluster(config, role) : new Redis(redisOptions(config.redisUrl, overridesFor(role)));
  return logErrors(client, role);
}

function logErrors<T extends RedisClient>(client: T, role: RedisRole): T {
  const logger = new Logger(`Redis:${role}`);
  let lastError = '';
  client.on('error', (error: Error) => {
    if (error.message !== lastError) logger.warn(`redis ${role} connection: ${error.message}`);
    lastError = error.message;
  });
  client.on('ready', () => (lastError = ''));
  return client;
}
