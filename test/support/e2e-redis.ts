import Redis, { Cluster } from 'ioredis';

/** Where a run's apps keep their queues and channels: a Redis db, or the whole Redis Cluster of a cluster run. */
export interface E2eRedis {
  REDIS_URL: string;
  /** Set (from E2E_REDIS_CLUSTER_NODES) when the run is on a Redis Cluster. */
  REDIS_CLUSTER_NODES?: string;
}

/**
 * Empties the run's Redis: its own db, or on a cluster every master (a cluster has only db 0, so a run on the
 * cluster owns it: `npm run test:cluster` is meant for CI, one run at a time).
 */
export async function flushE2eRedis(target: E2eRedis): Promise<void> {
  if (!target.REDIS_CLUSTER_NODES) {
    const redis = new Redis(target.REDIS_URL);
    await redis.flushdb();
    redis.disconnect();
    return;
  }
  const cluster = new Cluster(target.REDIS_CLUSTER_NODES.split(',').map((node) => ({ host: node.split(':')[0], port: Number(node.split(':')[1]) })));
  await new Promise<void>((resolve, reject) => cluster.once('ready', resolve).once('error', reject));
  await Promise.all(cluster.nodes('master').map((node) => node.flushdb()));
  cluster.disconnect();
}
