import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Receiver } from './support/receiver';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish, settled } from './support/webhooks';

/**
 * Every delivery reaches a final state whatever its receiver answers and whatever happens to its subscription
 * (contract: Additions, second round → Final states and odd answers).
 */
describe('final states and odd answers', () => {
  let stack: Stack;
  let db: Client;

  beforeAll(async () => {
    stack = await Stack.start({
      apps: ['api-gateway', 'subscription-matcher', 'webhook-deliverer'],
      env: { DELIVERY_TIMEOUT_MS: '2000', RETRY_MAX_AGE_MS: '3000' },
    });
    db = new Client({ connectionString: stack.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  const deliveryOf = async (key: string, eventId: string) => (await stack.api('GET', `/v1/events/${eventId}/deliveries`, { key })).body.items[0];

  it('records any answer (NUL bytes, UTF-16, binary, 10 MB, cut off) and never sends another tenant\'s delivery twice', async () => {
    const odd = await Receiver.start((request) => {
      const kind = new URL(request.url, 'http://x').pathname.slice(1);
      if (kind === 'nul') return { status: 200, body: Buffer.from('ok\u0000\u0000done') };
      if (kind === 'utf16') return { status: 200, body: Buffer.from('{"ok":true}', 'utf16le') };
      if (kind === 'binary') return { status: 200, body: Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80]) };
      if (kind === 'huge') return { status: 200, body: Buffer.alloc(10 * 1024 * 1024, 'x') };
      return { status: 200, body: 'partial', cutOff: true };
    });
    const plain = await Receiver.start(() => ({ status: 200, body: 'fine' }));
    const oddTenant = (await stack.createTenant('odd')).apiKey;
    const otherTenant = (await stack.createTenant('other')).apiKey;
    const kinds = ['nul', 'utf16', 'binary', 'huge', 'cut'];
    for (const kind of kinds) await createWebhook(stack, oddTenant, { url: `${odd.url}/${kind}`, eventTypes: [kind] });
    await createWebhook(stack, otherTenant, { url: `${plain.url}/plain` });
    try {
      // Interleaved, so odd answers land in the same outcome batches as the other tenant's.
      const published: { key: string; id: string; kind: string }[] = [];
      for (let round = 0; round < 4; round++) {
        for (const kind of kinds) {
          published.push({ key: oddTenant, id: await publish(stack, oddTenant, { type: kind, payload: { round } }), kind });
          published.push({ key: otherTenant, id: await publish(stack, otherTenant, { type: 'plain', payload: { round, kind } }), kind: 'plain' });
        }
      }
      for (const { key, id } of published) await settled(stack, key, id, 30_000);

      for (const { key, id, kind } of published) {
        const delivery = await deliveryOf(key, id);
        const { body } = await stack.api('GET', `/v1/deliveries/${delivery.id}`, { key });
        expect([kind, body.status, body.attempts[0].responseStatus]).toEqual([kind, 'succeeded', 200]);
        expect(body.attempts[0].responseBody ?? '').not.toContain('\u0000');
      }
      const cut = published.find((p) => p.kind === 'cut')!;
      const cutAttempt = (await stack.api('GET', `/v1/deliveries/${(await deliveryOf(cut.key, cut.id)).id}`, { key: cut.key })).body.attempts[0];
      expect(cutAttempt).toMatchObject({ responseBody: 'partial', error: expect.stringMatching(/^response body cut off/) });
      const nul = published.find((p) => p.kind === 'nul')!;
      expect((await stack.api('GET', `/v1/deliveries/${(await deliveryOf(nul.key, nul.id)).id}`, { key: nul.key })).body.attempts[0].responseBody).toBe('ok\ufffd\ufffddone');

      const plainIds = published.filter((p) => p.kind === 'plain').map((p) => p.id);
      const sent = plain.requests.map((r) => r.headers['webhook-id']);
      expect(sent.sort()).toEqual([...plainIds].sort());
    } finally {
      await odd.close();
      await plain.close();
    }
  });

  it('cancels deliveries of a deleted subscription, also ones a matcher made after the delete and ones retried after it', async () => {
    const key = (await stack.createTenant()).apiKey;
    const failing = await Receiver.start(() => ({ status: 500 }));
    try {
      const deleted = await createWebhook(stack, key, { url: `${failing.url}/deleted`, eventTypes: ['retrying'] });
      const retrying = await publish(stack, key, { type: 'retrying', payload: {} });
      await waitFor(async () => (await deliveryOf(key, retrying))?.attemptCount >= 1, 'a failed first try');
      expect((await stack.api('DELETE', `/v1/subscriptions/${deleted.id}`, { key })).status).toBe(204);
      expect((await deliveryOf(key, retrying)).status).toBe('cancelled');
      const retried = await stack.api('POST', `/v1/deliveries/${(await deliveryOf(key, retrying)).id}/retry`, { key });
      expect([retried.status, retried.body.status]).toEqual([202, 'cancelled']);

      // Deleted behind the matcher's back (no change announced), so its index still holds the subscription.
      const unannounced = await createWebhook(stack, key, { url: `${failing.url}/unannounced`, eventTypes: ['late'] });
      await db.query('UPDATE subscriptions SET deleted_at = now() WHERE id = $1', [unannounced.id]);
      const late = await publish(stack, key, { type: 'late', payload: {} });
      await waitFor(async () => (await deliveryOf(key, late))?.status === 'cancelled', 'the late delivery to be cancelled', 10_000);

      expect((await deliveryOf(key, retrying)).status).toBe('cancelled');
      expect(failing.requests.filter((r) => r.url === '/unannounced')).toHaveLength(0);
    } finally {
      await failing.close();
    }
  });

  it('never fails a pull message for its age, while durable WebSocket messages do expire', async () => {
    const key = (await stack.createTenant()).apiKey;
    const pull = (await stack.api('POST', '/v1/subscriptions', { key, body: { transport: 'pull', eventTypes: ['p'] } })).body;
    const ws = (await stack.api('POST', '/v1/subscriptions', { key, body: { transport: 'websocket', eventTypes: ['p'] } })).body;
    const eventId = await publish(stack, key, { type: 'p', payload: {} });
    // The sweeper ends the WebSocket message once RETRY_MAX_AGE_MS (3 s) has passed: proof that it swept.
    await waitFor(async () => {
      const { body } = await stack.api('GET', `/v1/subscriptions/${ws.id}/deliveries`, { key });
      return body.items[0]?.status === 'failed';
    }, 'the websocket message to expire', 20_000, 250);
    const { body } = await stack.api('GET', `/v1/subscriptions/${pull.id}/messages?wait=0`, { key });
    expect(body.messages.map((m: { eventId: string }) => m.eventId)).toEqual([eventId]);
  });

  it('pages through a stranded backlog: orphans do not starve real deliveries, each real one is sent once', async () => {
    const tenant = await stack.createTenant();
    const received = await Receiver.start(() => ({ status: 200 }));
    try {
      const live = await createWebhook(stack, tenant.apiKey, { url: `${received.url}/live`, eventTypes: ['never-published'] });
      const gone = await createWebhook(stack, tenant.apiKey, { url: `${received.url}/gone`, eventTypes: ['never-published'] });
      await db.query('UPDATE subscriptions SET deleted_at = now() WHERE id = $1', [gone.id]);
      // As a flushed Redis leaves them: pending in Postgres, overdue, no job anywhere. The orphans are the oldest.
      await strand(tenant.id, gone.id, 1200, '10 minutes');
      const real = await strand(tenant.id, live.id, 1100, '5 minutes');

      await waitFor(async () => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE subscription_id = $1 AND status = 'succeeded'`, [live.id]);
        return rows[0].n === real.length;
      }, 'every stranded real delivery to succeed', 60_000, 250);
      const { rows } = await db.query(`SELECT status, count(*)::int AS n FROM deliveries WHERE subscription_id = $1 GROUP BY status`, [gone.id]);
      expect(rows).toEqual([{ status: 'cancelled', n: 1200 }]);
      expect(received.requests.filter((r) => r.url === '/gone')).toHaveLength(0);
      const sent = received.requests.map((r) => r.headers['webhook-id']);
      expect(sent).toHaveLength(real.length);
      expect(new Set(sent)).toEqual(new Set(real));
    } finally {
      await received.close();
    }
  });

  /** Inserts `n` events with one pending, overdue webhook delivery each; returns the event ids. */
  async function strand(tenantId: string, subscriptionId: string, n: number, overdueBy: string): Promise<string[]> {
    const eventIds = Array.from({ length: n }, () => randomUUID());
    await db.query(
      `INSERT INTO events (id, tenant_id, type, payload, channels, status, created_at, matched_at)
       SELECT id, $2, 'stranded', '{}', '{}', 'matched', now() - $3::interval, now() - $3::interval FROM unnest($1::uuid[]) AS id`,
      [eventIds, tenantId, overdueBy],
    );
    await db.query(
      `INSERT INTO deliveries (id, tenant_id, event_id, subscription_id, transport, status, attempt_count, next_attempt_at, created_at, updated_at, event_created_at)
       SELECT gen_random_uuid(), $2, e.id, $3, 'webhook', 'pending', 0, now() - $4::interval, now() - $4::interval, now(), e.created_at
         FROM events e WHERE e.id = ANY($1::uuid[])`,
      [eventIds, tenantId, subscriptionId, overdueBy],
    );
    return eventIds;
  }
});
