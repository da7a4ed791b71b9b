import { Client } from 'pg';
import { waitFor } from './wait-for';

/** One query on a connection of the test's own (straight to the run's database, never through a proxy). */
export async function sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: process.env.E2E_DATABASE_URL, application_name: 'e2e-sql' });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** How many statements starting with `prefix` run in this database now, and how many of them wait for a lock. */
export async function statementsRunning(prefix: string): Promise<{ active: number; waiting: number }> {
  const [row] = await sql(
    `SELECT count(*)::int AS active, count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND state = 'active' AND query LIKE $1 || '%'`,
    [prefix],
  );
  return row;
}

/**
 * Holds a tenant's row FOR UPDATE in an open transaction, so that any INSERT referencing the tenant (an event's
 * foreign key check takes FOR KEY SHARE) really runs in Postgres and waits, without touching other tenants.
 */
export class TenantRowLock {
  private constructor(private readonly client: Client) {}

  static async take(tenantId: string): Promise<TenantRowLock> {
    const client = new Client({ connectionString: process.env.E2E_DATABASE_URL, application_name: 'e2e-row-lock' });
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE', [tenantId]);
    return new TenantRowLock(client);
  }

  /** Resolves once a statement starting with `prefix` is waiting for this (or any) lock. */
  static async untilWaiting(prefix: string): Promise<void> {
    await waitFor(async () => (await statementsRunning(prefix)).waiting > 0, `a statement "${prefix}…" to wait for a lock`);
  }

  async release(): Promise<void> {
    await this.client.query('ROLLBACK').finally(() => this.client.end());
  }
}
