import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { ParameterFreeQueryLogger } from './query-logger';

/**
 * How much sooner Postgres gives up on a statement than the client does. The client's `query_timeout` alone
 * only stops waiting: the statement runs on and may commit after its caller answered 503 (and the caller's
 * retry then publishes twice). With `statement_timeout` below it, Postgres cancels the statement first, so a
 * timeout always means "not done".
 */
const SERVER_GIVES_UP_EARLIER_MS = 1000;

/**
 * Pool and timeouts chosen so a dead Postgres turns into a fast 503, never a hung request. Migrations pass
 * `queryTimeoutMs: 0` (neither timeout): building an index on a big table may rightly take minutes.
 */
export function dataSourceOptions(databaseUrl: string, poolSize = 10, queryTimeoutMs = 4000): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    logger: new ParameterFreeQueryLogger(),
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 3000,
      query_timeout: queryTimeoutMs || undefined,
      statement_timeout: queryTimeoutMs ? Math.max(queryTimeoutMs - SERVER_GIVES_UP_EARLIER_MS, 1) : undefined,
      idleTimeoutMillis: 30_000,
    },
  };
}
