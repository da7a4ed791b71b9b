import { migrateDatabase } from '../../libs/persistence/src/database-setup';
import { flushE2eRedis } from './e2e-redis';

/**
 * A fresh database and Redis db per test run, so runs (and other checkouts on this machine) never share state.
 * With E2E_REDIS_CLUSTER_NODES set the apps run on that Redis Cluster instead, which is emptied here.
 */
export default async function globalSetup(): Promise<void> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/notify';
  const url = new URL(base);
  url.pathname = `/notify_e2e_${process.pid}`;
  process.env.E2E_DATABASE_URL = url.toString();
  await dropDatabase(url.toString());
  await migrateDatabase(url.toString());

  const redisBase = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  redisBase.pathname = `/${(process.pid % 14) + 2}`;
  process.env.E2E_REDIS_URL = redisBase.toString();
  await flushE2eRedis({ REDIS_URL: redisBase.toString(), REDIS_CLUSTER_NODES: process.env.E2E_REDIS_CLUSTER_NODES || undefined });
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { Client } = await import('pg');
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}
