import { MigrationInterface, QueryRunner } from 'typeorm';
import { createDayPartition, defaultPartitionName, PARTITION_KEY } from '../retention/partition-ddl';
import { dayOf, daysToCreate, PARTITIONED_TABLES } from '../retention/partition-days';
import { DAYS_AHEAD } from '../retention/retention-maintenance';

const EVENT_COLUMNS = 'id, tenant_id, type, payload, channels, idempotency_key, status, created_at, matched_at, swept_at';
const DELIVERY_COLUMNS = `id, tenant_id, event_id, subscription_id, transport, status, attempt_count, next_attempt_at, first_attempt_at,
  last_response_status, lease_until, created_at, updated_at`;
const ATTEMPT_COLUMNS = 'id, delivery_id, tenant_id, attempt_number, started_at, duration_ms, response_status, response_body, error';

/**
 * Events, deliveries and attempts become tables partitioned by UTC day, so retention drops whole partitions instead
 * of deleting rows (see docs/operations.md, "Retention"). Each old table is renamed, its partitioned successor
 * created with a partition for every day that has rows plus today and the days ahead, the rows copied over, the
 * old table dropped, and the keys and indexes built on the new one (faster after the copy than during it).
 *
 * What partitioning changes: a unique index must include the partition key, so primary keys become (id, key), the
 * (event, subscription) pair of a delivery is unique with its event's creation time (the same on every re-run), and
 * idempotency keys move to a table of their own. Foreign keys between the three tables go (a partition could not be
 * dropped while another table refers to it); each keeps its own to `tenants`, so deleting a tenant still cascades.
 * On an empty database (CI) it only creates tables. Copying takes as long as the data is big: run it in a quiet hour.
 */
export class PartitionByDay1765100000000 implements MigrationInterface {
  name = 'PartitionByDay1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await this.createIdempotencyKeys(q);
    for (const table of PARTITIONED_TABLES) await q.query(`ALTER TABLE ${table} RENAME TO ${table}_unpartitioned`);
    await this.createPartitionedTables(q);
    await this.createDayPartitions(q, await this.daysWithRows(q));
    await this.copyRows(q);
    for (const table of PARTITIONED_TABLES) await q.query(`DROP TABLE ${table}_unpartitioned`);
    await this.createKeysAndIndexes(q);
    // The notification cleanup finds old read ones without scanning every inbox.
    await q.query(`CREATE INDEX notifications_read_created_idx ON notifications (created_at) WHERE read`);
  }

  /** Keys published within the last 24 h keep their event: the guarantee holds across the migration. */
  private async createIdempotencyKeys(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE idempotency_keys (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      key text NOT NULL,
      event_id uuid NOT NULL,
      event_created_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, key)
    )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
    await q.query(`INSERT INTO idempotency_keys (tenant_id, key, event_id, event_created_at, created_at)
      SELECT tenant_id, idempotency_key, id, created_at, created_at FROM events
       WHERE idempotency_key IS NOT NULL AND created_at >= now() - interval '24 hours'`);
  }

  private async createPartitionedTables(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE events (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      type text NOT NULL,
      payload jsonb NOT NULL,
      channels text[] NOT NULL DEFAULT '{}',
      idempotency_key text,
      status text NOT NULL DEFAULT 'pending' CONSTRAINT events_status_check CHECK (status IN ('pending', 'matched')),
      created_at timestamptz NOT NULL DEFAULT now(),
      matched_at timestamptz,
      swept_at timestamptz
    ) PARTITION BY RANGE (created_at)`);
    await q.query(`CREATE TABLE deliveries (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      event_id uuid NOT NULL,
      subscription_id uuid NOT NULL,
      transport text NOT NULL,
      status text NOT NULL CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled')),
      attempt_count int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      first_attempt_at timestamptz,
      last_response_status int,
      lease_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      event_created_at timestamptz NOT NULL
    ) PARTITION BY RANGE (event_created_at)`);
    await q.query(`CREATE TABLE delivery_attempts (
      id uuid NOT NULL,
      delivery_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      attempt_number int NOT NULL,
      started_at timestamptz NOT NULL,
      duration_ms int NOT NULL,
      response_status int,
      response_body text,
      error text,
      event_created_at timestamptz NOT NULL
    ) PARTITION BY RANGE (event_created_at)`);
    // A safety net: should maintenance not run for longer than the days it creates ahead, inserts still succeed
    // (a 202 must never turn into a 500); the next run moves such rows into their day's partition.
    for (const table of PARTITIONED_TABLES) await q.query(`CREATE TABLE ${defaultPartitionName(table)} PARTITION OF ${table} DEFAULT`);
  }

  /** Days that hold events (deliveries and attempts live in their event's day), today and the days ahead. */
  private async daysWithRows(q: QueryRunner): Promise<Date[]> {
    const rows: { day: Date }[] = await q.query(
      `SELECT DISTINCT date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day FROM events_unpartitioned`,
    );
    const days = new Map<number, Date>();
    for (const day of [...rows.map((row) => dayOf(new Date(row.day))), ...daysToCreate(new Date(), DAYS_AHEAD)]) days.set(day.getTime(), day);
    return [...days.values()];
  }

  private async createDayPartitions(q: QueryRunner, days: Date[]): Promise<void> {
    for (const table of PARTITIONED_TABLES) {
      for (const day of days) await createDayPartition(q, table, day);
    }
  }

  private async copyRows(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO events (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM events_unpartitioned`);
    await q.query(`INSERT INTO deliveries (${DELIVERY_COLUMNS}, event_created_at)
      SELECT ${prefixed('d', DELIVERY_COLUMNS)}, e.created_at FROM deliveries_unpartitioned d JOIN events_unpartitioned e ON e.id = d.event_id`);
    await q.query(`INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS}, event_created_at)
      SELECT ${prefixed('a', ATTEMPT_COLUMNS)}, e.created_at FROM delivery_attempts_unpartitioned a
        JOIN deliveries_unpartitioned d ON d.id = a.delivery_id JOIN events_unpartitioned e ON e.id = d.event_id`);
  }

  /** Built on the parents, so every partition, today's and those made later, gets them. */
  private async createKeysAndIndexes(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD PRIMARY KEY (id, ${PARTITION_KEY.events}),
      ADD FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE`);
    await q.query(`CREATE INDEX events_pending_idx ON events (created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX events_tenant_newest_idx ON events (tenant_id, created_at DESC, id DESC)`);

    await q.query(`ALTER TABLE deliveries ADD PRIMARY KEY (id, ${PARTITION_KEY.deliveries}),
      ADD CONSTRAINT deliveries_event_subscription_key UNIQUE (event_id, subscription_id, ${PARTITION_KEY.deliveries}),
      ADD FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE`);
    await q.query(`CREATE INDEX deliveries_subscription_idx ON deliveries (subscription_id, status, created_at)`);
    await q.query(`CREATE INDEX deliveries_ready_idx ON deliveries (subscription_id, created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending'`);

    await q.query(`ALTER TABLE delivery_attempts ADD PRIMARY KEY (id, ${PARTITION_KEY.delivery_attempts}),
      ADD FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE`);
    await q.query(`CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, attempt_number)`);
  }

  /** Back to plain tables with the keys, foreign keys and idempotency index of before. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications_read_created_idx`);
    for (const table of PARTITIONED_TABLES) {
      await q.query(`ALTER TABLE ${table} RENAME TO ${table}_partitioned`);
      await q.query(`CREATE TABLE ${table} (LIKE ${table}_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    }
    await q.query(`ALTER TABLE deliveries DROP COLUMN event_created_at`);
    await q.query(`ALTER TABLE delivery_attempts DROP COLUMN event_created_at`);
    await q.query(`INSERT INTO events (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM events_partitioned`);
    await q.query(`INSERT INTO deliveries (${DELIVERY_COLUMNS}) SELECT ${DELIVERY_COLUMNS} FROM deliveries_partitioned`);
    await q.query(`INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS}) SELECT ${ATTEMPT_COLUMNS} FROM delivery_attempts_partitioned`);
    // Only a key's current holder keeps it, as the old unique index demands (an older holder had given it up).
    await q.query(`UPDATE events e SET idempotency_key = NULL WHERE idempotency_key IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM idempotency_keys k WHERE k.tenant_id = e.tenant_id AND k.key = e.idempotency_key AND k.event_id = e.id)`);
    for (const table of PARTITIONED_TABLES) await q.query(`DROP TABLE ${table}_partitioned`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`
      ALTER TABLE events ADD PRIMARY KEY (id), ADD FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE;
      CREATE UNIQUE INDEX events_idempotency_idx ON events (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX events_pending_idx ON events (created_at) WHERE status = 'pending';
      CREATE INDEX events_tenant_newest_idx ON events (tenant_id, created_at DESC, id DESC);
      ALTER TABLE deliveries ADD PRIMARY KEY (id), ADD UNIQUE (event_id, subscription_id),
        ADD FOREIGN KEY (event_id) REFERENCES events(id) ON DELETE CASCADE;
      CREATE INDEX deliveries_subscription_idx ON deliveries (subscription_id, status, created_at);
      CREATE INDEX deliveries_ready_idx ON deliveries (subscription_id, created_at) WHERE status = 'pending';
      CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
      ALTER TABLE delivery_attempts ADD PRIMARY KEY (id), ADD FOREIGN KEY (delivery_id) REFERENCES deliveries(id) ON DELETE CASCADE;
      CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, attempt_number);
    `);
  }
}

function prefixed(alias: string, columns: string): string {
  return columns.split(',').map((column) => `${alias}.${column.trim()}`).join(', ');
}
