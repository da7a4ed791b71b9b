import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  addDays, createDayPartition, dataSourceOptions, dayOf, MAINTENANCE_LOCK, MaintenanceReport, MIGRATIONS, partitionName, PARTITIONED_TABLES,
  RetentionMaintenance, Sql,
} from '@app/persistence';
import { dropDatabase } from './support/global-setup';
import { Receiver } from './support/receiver';
import { sql } from './support/row-lock';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish, settled } from './support/webhooks';

const DAY_MS = 86_400_000;
const POLICY = { retentionDays: 30, notificationRetentionDays: 90 };

describe('retention: day partitions dropped, not rows deleted', () => {
  let stack: Stack;
  let receiver: Receiver;
  let db: DataSource;
  let maintenance: RetentionMaintenance;
  let tenantId: string;
  let key: string;
  let subscriptionId: string;

  beforeAll(async () => {
    stack = await Stack.start({ apps: [], env: { RETENTION_INTERVAL_MS: '1000', RETENTION_DAYS: '30', NOTIFICATION_RETENTION_DAYS: '90' } });
    // One after another: three cold starts at once on a busy 2-core machine can outlast the health wait.
    for (const app of ['api-gateway', 'subscription-matcher', 'webhook-deliverer'] as const) await stack.startApp(app);
    receiver = await Receiver.start();
    db = new DataSource(dataSourceOptions(process.env.E2E_DATABASE_URL!, 4, 0));
    await db.initialize();
    maintenance = new RetentionMaintenance(db);
    ({ id: tenantId, apiKey: key } = await stack.createTenant());
    subscriptionId = (await createWebhook(stack, key, { url: `${receiver.url}/hook` })).id;
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
    await db?.destroy();
  });

  /** Maintenance with the clock at `now`; retried while the matchers' own scheduled run holds the lock. */
  const maintainAt = (now: Date): Promise<MaintenanceReport> => waitFor(() => maintenance.runOnce(now, POLICY), 'the maintenance lock', 20_000, 20);
  const partitions = async (): Promise<Set<string>> =>
    new Set((await sql<{ name: string }>(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid`)).map((row) => row.name));
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
  const noonOf = (day: Date) => new Date(dayOf(day).getTime() + DAY_MS / 2);

  /** The partitions of one past day, made the way maintenance makes them. */
  async function createPastPartitions(day: Date): Promise<void> {
    for (const table of PARTITIONED_TABLES) await createDayPartition(db as Sql, table, day);
  }

  /** An event of the past with one delivery and one attempt, written straight to Postgres (back-dated). */
  async function insertOldEvent(at: Date): Promise<{ eventId: string; deliveryId: string }> {
    const eventId = randomUUID();
    const deliveryId = randomUUID();
    await sql(`INSERT INTO events (id, tenant_id, type, payload, channels, status, created_at, matched_at) VALUES ($1, $2, 'old', '{}', '{}', 'matched', $3, $3)`, [eventId, tenantId, at]);
    await sql(
      `INSERT INTO deliveries (id, tenant_id, event_id, subscription_id, transport, status, attempt_count, created_at, updated_at, event_created_at)
       VALUES ($1, $2, $3, $4, 'webhook', 'succeeded', 1, $5, $5, $5)`,
      [deliveryId, tenantId, eventId, subscriptionId, at],
    );
    await sql(
      `INSERT INTO delivery_attempts (id, delivery_id, tenant_id, attempt_number, started_at, duration_ms, response_status, event_created_at)
       VALUES ($1, $2, $3, 1, $4, 5, 200, $4)`,
      [randomUUID(), deliveryId, tenantId, at],
    );
    return { eventId, deliveryId };
  }

  async function rowsOf(eventId: string): Promise<{ events: number; deliveries: number; attempts: number }> {
    const [row] = await sql(
      `SELECT (SELECT count(*) FROM events WHERE id = $1)::int AS events,
              (SELECT count(*) FROM deliveries WHERE event_id = $1)::int AS deliveries,
              (SELECT count(*) FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.event_id = $1)::int AS attempts`,
      [eventId],
    );
    return row;
  }

  async function insertNotification(read: boolean, at: Date): Promise<string> {
    const id = randomUUID();
    await sql(`INSERT INTO notifications (id, tenant_id, user_id, type, message, read, created_at) VALUES ($1, $2, 'u-1', 't', 'm', $3, $4)`, [id, tenantId, read, at]);
    return id;
  }

  it('the matcher drops partitions older than RETENTION_DAYS, empties DEFAULT and old read notifications, and keeps current data', async () => {
    const current = await publish(stack, key, { type: 'now', payload: {} });
    await settled(stack, key, current);
    const [currentDelivery] = (await stack.api('GET', `/v1/events/${current}/deliveries`, { key })).body.items;

    await createPastPartitions(daysAgo(40));
    await createPastPartitions(daysAgo(10));
    const expired = await insertOldEvent(noonOf(daysAgo(40)));
    const kept = await insertOldEvent(noonOf(daysAgo(10)));
    // Days without partitions: their rows land in DEFAULT (maintenance "missed" them).
    const strayExpired = await insertOldEvent(noonOf(daysAgo(35)));
    const strayKept = await insertOldEvent(noonOf(daysAgo(5)));
    const oldRead = await insertNotification(true, daysAgo(100));
    const oldUnread = await insertNotification(false, daysAgo(100));
    const recentRead = await insertNotification(true, daysAgo(10));
    await sql(`INSERT INTO idempotency_keys (tenant_id, key, event_id, event_created_at, created_at) VALUES ($1, 'stale-key', $2, $3, $3)`, [tenantId, kept.eventId, daysAgo(2)]);

    // No call from the test: the subscription-matcher's own schedule (every second here) does it.
    await waitFor(async () => !(await partitions()).has(partitionName('events', daysAgo(40))) && (await partitions()).has(partitionName('events', daysAgo(5))), 'the 40-day-old partition dropped and the 5-day-old one made');
    await waitFor(async () => (await sql(`SELECT 1 FROM notifications WHERE id = $1`, [oldRead])).length === 0, 'the old read notification removed');

    const after = await partitions();
    for (const table of PARTITIONED_TABLES) {
      expect(after.has(partitionName(table, daysAgo(40)))).toBe(false);
      expect(after.has(partitionName(table, daysAgo(10)))).toBe(true);
      for (let ahead = 0; ahead <= 3; ahead++) expect(after.has(partitionName(table, addDays(new Date(), ahead)))).toBe(true);
    }
    expect(await rowsOf(expired.eventId)).toEqual({ events: 0, deliveries: 0, attempts: 0 });
    expect(await rowsOf(strayExpired.eventId)).toEqual({ events: 0, deliveries: 0, attempts: 0 });
    expect(await rowsOf(kept.eventId)).toEqual({ events: 1, deliveries: 1, attempts: 1 });
    expect(await rowsOf(strayKept.eventId)).toEqual({ events: 1, deliveries: 1, attempts: 1 });
    // The stray moved out of DEFAULT into its own day's partition.
    const [moved] = await sql(`SELECT tableoid::regclass::text AS partition FROM events WHERE id = $1`, [strayKept.eventId]);
    expect(moved.partition).toBe(partitionName('events', daysAgo(5)));
    for (const table of PARTITIONED_TABLES) expect(await sql(`SELECT 1 FROM ${table}_default`)).toHaveLength(0);

    expect((await sql(`SELECT id FROM notifications WHERE id = ANY($1::uuid[])`, [[oldRead, oldUnread, recentRead]])).map((r) => r.id).sort()).toEqual([oldUnread, recentRead].sort());
    expect(await sql(`SELECT 1 FROM idempotency_keys WHERE key = 'stale-key'`)).toHaveLength(0);

    // Today's event, delivery and attempt are all still served.
    expect((await stack.api('GET', `/v1/events/${current}`, { key })).body).toMatchObject({ id: current, deliveries: { total: 1, succeeded: 1 } });
    const delivery = await stack.api('GET', `/v1/deliveries/${currentDelivery.id}`, { key });
    expect(delivery.status).toBe(200);
    expect(delivery.body.attempts).toHaveLength(1);
    expect((await stack.api('GET', `/v1/events/${kept.eventId}`, { key })).status).toBe(200);
    expect((await stack.api('GET', `/v1/events/${expired.eventId}`, { key })).status).toBe(404);
  });

  it('follows the clock it is given: partitions are made ahead of it and dropped by its age', async () => {
    const day = daysAgo(12);
    await createPastPartitions(day);
    const old = await insertOldEvent(noonOf(day));
    const later = new Date(Date.now() + 20 * DAY_MS);

    const report = await maintainAt(later);

    const now = await partitions();
    // 12 days ago is 32 days before `later`: gone. Made: `later`'s day and the 3 after it.
    for (const table of PARTITIONED_TABLES) {
      expect(now.has(partitionName(table, day))).toBe(false);
      for (let ahead = 0; ahead <= 3; ahead++) expect(now.has(partitionName(table, addDays(later, ahead)))).toBe(true);
      expect(now.has(partitionName(table, new Date()))).toBe(true);
    }
    expect(report.dropped).toEqual(expect.arrayContaining(PARTITIONED_TABLES.map((table) => partitionName(table, day))));
    expect(await rowsOf(old.eventId)).toEqual({ events: 0, deliveries: 0, attempts: 0 });
    // Nothing younger than 30 days before `later` was dropped: the 10-day-old partitions of the test before stay.
    expect(now.has(partitionName('events', daysAgo(10)))).toBe(true);
  });

  it('runs in one instance at a time: with the advisory lock held elsewhere it does nothing', async () => {
    const day = daysAgo(45);
    await createPastPartitions(day);
    const holder = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await holder.connect();
    try {
      await waitFor(async () => (await holder.query('SELECT pg_try_advisory_lock($1) AS locked', [MAINTENANCE_LOCK])).rows[0].locked, 'the maintenance lock');
      expect(await maintenance.runOnce(new Date(), POLICY)).toBeNull();
      expect((await partitions()).has(partitionName('events', day))).toBe(true);
    } finally {
      await holder.end();
    }
    await waitFor(async () => !(await partitions()).has(partitionName('events', day)), 'the partition dropped once the lock is free');
  });

  it('holds no long lock: a drop waiting behind a long reader gives up quickly, and publishing keeps answering throughout', async () => {
    // Days the matchers (real clock, 30 days) keep, but the test's clock, 29 days ahead, finds expired.
    const days = Array.from({ length: 15 }, (_, i) => daysAgo(14 + i));
    const later = new Date(Date.now() + 29 * DAY_MS);
    for (const day of days) {
      await createPastPartitions(day);
      await insertOldEvent(noonOf(day));
    }
    const publisher = keepPublishing();
    let latencies: { status: number; ms: number }[] = [];
    // A long transaction that has read the events table: a partition drop must wait for it.
    const reader = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM events');
      const blocked = await maintainAt(later);
      expect(blocked.skipped).toContain(`drop ${partitionName('events', days[days.length - 1])}`);
      expect((await partitions()).has(partitionName('events', days[0]))).toBe(true);
      await reader.query('COMMIT');
      const done = await maintainAt(later);
      expect(done.skipped).toEqual([]);
      const now = await partitions();
      for (const table of PARTITIONED_TABLES) expect(days.filter((day) => now.has(partitionName(table, day)))).toEqual([]);
      expect(now.has(partitionName('events', new Date()))).toBe(true);
    } finally {
      await reader.end();
      latencies = await publisher.stop();
    }
    expect(latencies.length).toBeGreaterThan(10);
    expect(latencies.filter((l) => l.status !== 202)).toEqual([]);
    // One lock wait is bounded by lock_timeout (500 ms); 2 s leaves room for a busy test machine.
    expect(Math.max(...latencies.map((l) => l.ms))).toBeLessThan(2000);
  });

  /** Publishes one event after another until stopped; returns each one's status and time. */
  function keepPublishing(): { stop: () => Promise<{ status: number; ms: number }[]> } {
    const results: { status: number; ms: number }[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const started = Date.now();
        const status = await stack.api('POST', '/v1/events', { key, body: { type: 'during.maintenance', payload: {} } }).then((r) => r.status, () => 0);
        results.push({ status, ms: Date.now() - started });
      }
    })();
    return { stop: async () => ((running = false), await loop, results) };
  }

  it('keeps an idempotency key 24 h: within it the first event comes back (also in a batch), after it the key is free', async () => {
    const headers = { 'Idempotency-Key': 'retention-key' };
    const first = await publish(stack, key, { type: 'k', payload: {} }, headers);
    expect(await publish(stack, key, { type: 'k', payload: { again: true } }, headers)).toBe(first);
    const batch = await stack.api('POST', '/v1/events/batch', { key, body: { events: [{ type: 'k', payload: {}, idempotencyKey: 'retention-key' }, { type: 'k', payload: {}, idempotencyKey: 'retention-key' }] } });
    expect(batch.body.ids).toEqual([first, first]);

    // 25 hours later (the key's clock moved back): the key is given to the next publish.
    await sql(`UPDATE idempotency_keys SET created_at = created_at - interval '25 hours' WHERE tenant_id = $1 AND key = 'retention-key'`, [tenantId]);
    const next = await publish(stack, key, { type: 'k', payload: {} }, headers);
    expect(next).not.toBe(first);
    expect(await publish(stack, key, { type: 'k', payload: {} }, headers)).toBe(next);
    expect((await stack.api('GET', `/v1/events/${first}`, { key })).status).toBe(200);
  });
});

describe('the partitioning migration', () => {
  const url = (() => {
    const parsed = new URL(process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/x');
    parsed.pathname = `${parsed.pathname}_migrate`;
    return parsed.toString();
  })();
  let db: DataSource;

  beforeAll(async () => {
    await dropDatabase(url);
    const admin = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${new URL(url).pathname.slice(1)}"`);
    await admin.end();
    db = new DataSource({ ...dataSourceOptions(url, 2, 0), migrations: MIGRATIONS.slice(0, -1), migrationsTransactionMode: 'all' });
    await db.initialize();
    await db.runMigrations();
  });
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(url);
  });

  it('converts a database with data to partitions and back, losing no row and keeping live idempotency keys', async () => {
    const tenant = randomUUID();
    await db.query(`INSERT INTO tenants (id, name) VALUES ($1, 't')`, [tenant]);
    const subscription = randomUUID();
    const ages = [0, 3, 40];
    const events = ages.map(() => randomUUID());
    for (const [i, age] of ages.entries()) {
      await db.query(
        `INSERT INTO events (id, tenant_id, type, payload, idempotency_key, status, created_at) VALUES ($1, $2, 't', '{}', $3, 'matched', now() - $4 * interval '1 day')`,
        [events[i], tenant, `key-${age}`, age],
      );
      const delivery = randomUUID();
      await db.query(`INSERT INTO deliveries (id, tenant_id, event_id, subscription_id, transport, status) VALUES ($1, $2, $3, $4, 'webhook', 'pending')`, [delivery, tenant, events[i], subscription]);
      await db.query(`INSERT INTO delivery_attempts (id, delivery_id, tenant_id, attempt_number, started_at, duration_ms) VALUES ($1, $2, $3, 1, now(), 3)`, [randomUUID(), delivery, tenant]);
    }
    const counts = async () => (await db.query(`SELECT (SELECT count(*) FROM events)::int AS e, (SELECT count(*) FROM deliveries)::int AS d, (SELECT count(*) FROM delivery_attempts)::int AS a`))[0];
    expect(await counts()).toEqual({ e: 3, d: 3, a: 3 });

    await db.destroy();
    db = new DataSource({ ...dataSourceOptions(url, 2, 0), migrationsTransactionMode: 'all' });
    await db.initialize();
    expect((await db.runMigrations()).map((m) => m.name)).toEqual(['PartitionByDay1765100000000']);

    expect(await counts()).toEqual({ e: 3, d: 3, a: 3 });
    const partitioned = await db.query(`SELECT c.relname AS name FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1`);
    expect(partitioned.map((row: { name: string }) => row.name)).toEqual(['deliveries', 'delivery_attempts', 'events']);
    for (const [i, age] of ages.entries()) {
      const [row] = await db.query(`SELECT tableoid::regclass::text AS partition FROM events WHERE id = $1`, [events[i]]);
      expect(row.partition).toBe(partitionName('events', daysAgoFrom(new Date(), age)));
    }
    // Deliveries and attempts sit in their event's partition.
    expect((await db.query(`SELECT count(*)::int AS n FROM deliveries d JOIN events e ON e.id = d.event_id AND e.created_at = d.event_created_at`))[0].n).toBe(3);
    expect((await db.query(`SELECT count(*)::int AS n FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id AND d.event_created_at = a.event_created_at`))[0].n).toBe(3);
    // Only the key of the last 24 h is still held.
    expect((await db.query(`SELECT key, event_id AS "eventId" FROM idempotency_keys`))).toEqual([{ key: 'key-0', eventId: events[0] }]);

    await db.undoLastMigration();
    expect(await counts()).toEqual({ e: 3, d: 3, a: 3 });
    expect(await db.query(`SELECT 1 FROM pg_partitioned_table`)).toHaveLength(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM events WHERE idempotency_key IS NOT NULL`))[0].n).toBe(1);
    await db.runMigrations();
    expect(await counts()).toEqual({ e: 3, d: 3, a: 3 });
  });
});

function daysAgoFrom(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
