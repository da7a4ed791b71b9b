import { dayOf, partitionBounds, partitionName, PartitionedTable, PARTITIONED_TABLES } from './partition-days';

/** Anything that runs SQL: a DataSource, a QueryRunner (one session), an EntityManager. */
export interface Sql {
  query(text: string, params?: unknown[]): Promise<any>;
}

/**
 * The column each table is partitioned by. Deliveries and attempts use their event's creation time, not their own:
 * the unique (event, subscription) pair needs a key that is the same on every re-run of a match (a unique index of a
 * partitioned table must include the partition key), and an event's whole history is then dropped in one piece.
 */
export const PARTITION_KEY: Record<PartitionedTable, string> = {
  events: 'created_at',
  deliveries: 'event_created_at',
  delivery_attempts: 'event_created_at',
};

/** The catch-all partition: rows of a day nobody created a partition for land here instead of failing the insert. */
export function defaultPartitionName(table: PartitionedTable): string {
  return `${table}_default`;
}

/** The day partitions that exist now, of all three tables. */
export async function existingPartitions(sql: Sql): Promise<Set<string>> {
  const rows: { name: string }[] = await sql.query(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = ANY($1::text[]) AND p.relnamespace = 'public'::regnamespace`,
    [[...PARTITIONED_TABLES]],
  );
  return new Set(rows.map((row) => row.name));
}

/** The UTC days that have rows in a table's DEFAULT partition (normally none). */
export async function daysInDefault(sql: Sql, table: PartitionedTable): Promise<Date[]> {
  const key = PARTITION_KEY[table];
  const rows: { day: Date }[] = await sql.query(
    `SELECT DISTINCT date_trunc('day', ${key} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day FROM ${defaultPartitionName(table)}`,
  );
  return rows.map((row) => dayOf(new Date(row.day)));
}

/**
 * Creates one day partition. Rows of that day already sitting in the DEFAULT partition (the maintenance job did not
 * run for longer than the days it creates ahead) are moved into it: Postgres refuses a new partition whose range the
 * DEFAULT partition still holds rows of. Run inside a transaction, so the move is all or nothing.
 */
export async function createDayPartition(sql: Sql, table: PartitionedTable, day: Date): Promise<void> {
  const name = partitionName(table, day);
  const { from, to } = partitionBounds(day);
  const key = PARTITION_KEY[table];
  const fallback = defaultPartitionName(table);
  const range = `${key} >= '${from}' AND ${key} < '${to}'`;
  const [{ strays }]: { strays: boolean }[] = await sql.query(`SELECT EXISTS (SELECT 1 FROM ${fallback} WHERE ${range}) AS strays`);
  if (!strays) {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF ${table} FOR VALUES FROM ('${from}') TO ('${to}')`);
    return;
  }
  await sql.query(`CREATE TEMP TABLE retention_strays ON COMMIT DROP AS SELECT * FROM ${fallback} WHERE ${range}`);
  await sql.query(`DELETE FROM ${fallback} WHERE ${range}`);
  await sql.query(`CREATE TABLE ${name} PARTITION OF ${table} FOR VALUES FROM ('${from}') TO ('${to}')`);
  await sql.query(`INSERT INTO ${table} SELECT * FROM retention_strays`);
}

/** The partitions of the three tables for `days`, each table's missing ones only. */
export function missingPartitions(existing: Set<string>, days: Date[]): { table: PartitionedTable; day: Date }[] {
  return PARTITIONED_TABLES.flatMap((table) => days.filter((day) => !existing.has(partitionName(table, day))).map((day) => ({ table, day })));
}
