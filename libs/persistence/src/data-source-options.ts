import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { ParameterFreeQueryLogger } from './query-logger';

/**
 * Pool and timeouts chosen so a dead Postgres turns into a fast 503, never a hung request. Migrations pass
 * `queryTimeoutMs: 0`: building an index on a big table may rightly take minutes.
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
      idleTimeoutMillis: 30_000,
    },
  };
}
