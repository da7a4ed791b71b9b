import { migrateDatabase } from '../../libs/persistence/src/database-setup';
import { flushE2eRedis } from './e2e-redis';
import { dropDatabase } from './global-setup';

const e2eRedis = () => ({ REDIS_URL: process.env.E2E_REDIS_URL!, REDIS_CLUSTER_NODES: process.env.E2E_REDIS_CLUSTER_NODES || undefined });

/**
 * A database of its own (the run's name + `_suffix`, created fresh) and emptied queues, for a file whose counts must
 * not see earlier files' events, or whose leftovers must not reach later files: the run's files otherwise share one
 * database, and a later stack's sweeper would take up another file's pending deliveries. Returns its DATABASE_URL.
 */
export async function ownDatabaseAndQueues(suffix: string): Promise<string> {
  const url = new URL(process.env.E2E_DATABASE_URL!);
  url.pathname = `${url.pathname}_${suffix}`;
  await dropDatabase(url.toString());
  await migrateDatabase(url.toString());
  await flushE2eRedis(e2eRedis());
  return url.toString();
}

/** After the file's stack has stopped: drops its own database and empties the queues it left full. */
export async function dropOwnDatabaseAndQueues(databaseUrl: string): Promise<void> {
  await flushE2eRedis(e2eRedis());
  await dropDatabase(databaseUrl);
}
