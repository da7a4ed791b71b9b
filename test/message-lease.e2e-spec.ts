import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/persistence/src/data-source-options';
import { MessageLeaseRepository } from '../libs/persistence/src/repositories/message-lease.repository';

/** MessageLeaseRepository against the run's real Postgres, rows inserted with SQL. */
describe('MessageLeaseRepository', () => {
  let db: DataSource;
  let leases: MessageLeaseRepository;

  beforeAll(async () => {
    db = new DataSource(dataSourceOptions(process.env.E2E_DATABASE_URL!, 10));
    await db.initialize();
    leases = new MessageLeaseRepository(db);
  });

  afterAll(async () => {
    await db.destroy();
  });

  async function tenant(): Promise<string> {
    const id = randomUUID();
    await db.query(`INSERT INTO tenants (id, name) VALUES ($1, 'lease-test')`, [id]);
    return id;
  }

  async function subscription(tenantId: string, transport = 'pull'): Promise<string> {
    const id = randomUUID();
    await db.query(`INSERT INTO subscriptions (id, tenant_id, name, transport, secret) VALUES ($1, $2, 's', $3, 'x')`, [id, tenantId, transport]);
    return id;
  }

  /** `n` events with a delivery each for the subscription, created one millisecond apart, oldest first. */
  async function messages(tenantId: string, subscriptionId: string, n: number, transport = 'pull', ageMs = 0): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const eventId = randomUUID();
      const id = randomUUID();
      const at = new Date(Date.now() - ageMs - (n - i));
      await db.query(`INSERT INTO events (id, tenant_id, type, payload, channels, created_at) VALUES ($1, $2, 'order.created', $3, '{c1}', $4)`, [eventId, tenantId, { i }, at]);
      await db.query(
        `INSERT INTO deliveries (id, tenant_id, event_id, subscription_id, transport, status, attempt_count, next_attempt_at, created_at, event_created_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6, $6)`,
        [id, tenantId, eventId, subscriptionId, transport, at],
      );
      ids.push(id);
    }
    return ids;
  }

  async function delivery(id: string): Promise<{ status: string; attempt_count: number; lease_until: Date | null; first_attempt_at: Date | null }> {
    return (await db.query('SELECT status, attempt_count, lease_until, first_attempt_at FROM deliveries WHERE id = $1', [id]))[0];
  }

  async function expireLeases(subscriptionId: string): Promise<void> {
    await db.query(`UPDATE deliveries SET lease_until = now() - interval '1 second' WHERE subscription_id = $1 AND lease_until IS NOT NULL`, [subscriptionId]);
  }

  it('leases up to max ready messages oldest first, with the event and attempt 1, and hides them while leased', async () => {
    const t = await tenant();
    const s = await subscription(t);
    const ids = await messages(t, s, 5);

    const first = await leases.lease(t, s, 3, 30);
    expect(first.map((m) => m.id)).toEqual(ids.slice(0, 3));
    expect(first[0]).toMatchObject({ type: 'order.created', data: { i: 0 }, channels: ['c1'], deliveryAttempt: 1 });
    expect(new Date(first[0].createdAt).toISOString()).toBe(first[0].createdAt);
    const row = await delivery(ids[0]);
    expect(row.attempt_count).toBe(1);
    expect(row.first_attempt_at).not.toBeNull();
    expect(row.lease_until!.getTime() - Date.now()).toBeGreaterThan(25_000);

    expect((await leases.lease(t, s, 10, 30)).map((m) => m.id)).toEqual(ids.slice(3));
    expect(await leases.lease(t, s, 10, 30)).toEqual([]);
  });

  it('returns an expired lease again with the attempt raised and first_attempt_at kept', async () => {
    const t = await tenant();
    const s = await subscription(t);
    const [id] = await messages(t, s, 1);
    await leases.lease(t, s, 1, 30);
    const firstAttemptAt = (await delivery(id)).first_attempt_at;
    await expireLeases(s);

    const again = await leases.lease(t, s, 1, 30);
    expect(again.map((m) => [m.id, m.deliveryAttempt])).toEqual([[id, 2]]);
    expect((await delivery(id)).first_attempt_at).toEqual(firstAttemptAt);
  });

  it('gives concurrent consumers disjoint sets that together cover every message', async () => {
    const t = await tenant();
    const s = await subscription(t);
    const ids = await messages(t, s, 60);

    const batches = await Promise.all(Array.from({ length: 6 }, () => leases.lease(t, s, 15, 30)));
    const leased = batches.flat().map((m) => m.id);
    expect(new Set(leased).size).toBe(leased.length);
    // SKIP LOCKED may hand a consumer fewer than are ready; a second round must pick up every remaining one.
    const rest = (await leases.lease(t, s, 100, 30)).map((m) => m.id);
    expect([...leased, ...rest].sort()).toEqual([...ids].sort());
  });

  it('never leases another tenant\'s or another subscription\'s messages', async () => {
    const t = await tenant();
    const other = await tenant();
    const s = await subscription(t);
    const s2 = await subscription(t);
    await messages(t, s2, 2);
    await messages(t, s, 1);
    expect(await leases.lease(other, s, 10, 30)).toEqual([]);
    expect(await leases.lease(t, s, 10, 30)).toHaveLength(1);
  });

  it('acks pending messages and reports unknown, malformed, already-acked and foreign ids as failures, as given', async () => {
    const t = await tenant();
    const s = await subscription(t);
    const s2 = await subscription(t);
    const [a, b] = await messages(t, s, 2);
    const [foreign] = await messages(t, s2, 1);
    await leases.lease(t, s, 10, 30);
    const unknown = randomUUID();

    const result = await leases.ack(t, s, [a.toUpperCase(), b, unknown, 'not-a-uuid', foreign]);
    expect(result).toEqual({ acked: 2, failures: [unknown, 'not-a-uuid', foreign] });
    expect(await delivery(a)).toMatchObject({ status: 'succeeded', lease_until: null });
    expect((await delivery(foreign)).status).toBe('pending');

    expect(await leases.ack(t, s, [a])).toEqual({ acked: 0, failures: [a] });
    expect(await leases.ack(await tenant(), s2, [foreign])).toEqual({ acked: 0, failures: [foreign] });
    expect(await leases.ack(t, s, [])).toEqual({ acked: 0, failures: [] });
    expect(await leases.lease(t, s, 10, 30)).toEqual([]);
  });

  it('releases leases at once, all of a subscription or only the given ids', async () => {
    const t = await tenant();
    const s = await subscription(t, 'websocket');
    const ids = await messages(t, s, 3, 'websocket');
    await leases.lease(t, s, 10, 30);

    expect(await leases.releaseLeases(t, s, [ids[1], 'junk'])).toBe(1);
    expect((await leases.lease(t, s, 10, 30)).map((m) => [m.id, m.deliveryAttempt])).toEqual([[ids[1], 2]]);
    expect(await leases.releaseLeases(await tenant(), s)).toBe(0);
    expect(await leases.releaseLeases(t, s)).toBe(3);
    expect((await leases.lease(t, s, 10, 30)).map((m) => m.id)).toEqual(ids);
  });

  it('tells the soonest lease expiry, or null when nothing is leased', async () => {
    const t = await tenant();
    const s = await subscription(t);
    expect(await leases.nextLeaseExpiry(s)).toBeNull();
    const [a] = await messages(t, s, 2);
    await leases.lease(t, s, 1, 100);
    await leases.lease(t, s, 1, 10);
    const next = await leases.nextLeaseExpiry(s);
    expect(next!.getTime() - Date.now()).toBeGreaterThan(5_000);
    expect(next!.getTime() - Date.now()).toBeLessThan(11_000);
    await leases.ack(t, s, [a]);
    await expireLeases(s);
    expect(await leases.nextLeaseExpiry(s)).toBeNull();
  });

  it('fails websocket deliveries pending since before the cut-off, and never a pull message', async () => {
    const t = await tenant();
    const pull = await subscription(t);
    const ws = await subscription(t, 'websocket');
    const hook = await subscription(t, 'webhook');
    const [oldPull] = await messages(t, pull, 1, 'pull', 60_000);
    const [oldWs] = await messages(t, ws, 1, 'websocket', 60_000);
    const [oldHook] = await messages(t, hook, 1, 'webhook', 60_000);
    const [fresh] = await messages(t, pull, 1);

    expect(await leases.failExpiredWebSocketMessages(new Date(Date.now() - 30_000))).toBeGreaterThanOrEqual(1);
    expect((await delivery(oldPull)).status).toBe('pending');
    expect((await delivery(oldWs)).status).toBe('failed');
    expect((await delivery(oldHook)).status).toBe('pending');
    expect((await delivery(fresh)).status).toBe('pending');
    expect((await leases.lease(t, pull, 10, 30)).map((m) => m.id)).toEqual([oldPull, fresh]);
  });
});
