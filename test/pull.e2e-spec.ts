import { randomUUID } from 'node:crypto';
import type { LeasedMessage } from '@app/persistence';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';

/** The wire shape of a pulled message is the repository's. */
type Message = LeasedMessage;

/** Pull subscriptions end to end: api-gateway and matcher as real processes on real Postgres and Redis. */
jest.setTimeout(60_000);

describe('pull subscriptions', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher'] });
  });

  afterAll(async () => {
    await stack.stop();
  });

  async function pullSubscription(visibilityTimeout?: number): Promise<{ key: string; tenantId: string; sub: string }> {
    const { id: tenantId, apiKey: key } = await stack.createTenant();
    const created = await stack.api('POST', '/v1/subscriptions', { key, body: { name: 'puller', transport: 'pull', visibilityTimeout } });
    expect(created.status).toBe(201);
    return { key, tenantId, sub: created.body.id };
  }

  /** Publishes `n` events and waits until the matcher has made each a delivery of `sub`. */
  async function publish(key: string, sub: string, n: number): Promise<string[]> {
    const events = Array.from({ length: n }, (_, i) => ({ type: 'order.created', payload: { i }, channels: ['shop'] }));
    const accepted = await stack.api('POST', '/v1/events/batch', { key, body: { events } });
    expect(accepted.status).toBe(202);
    await waitFor(async () => (await stack.api('GET', `/v1/subscriptions/${sub}/deliveries?limit=1`, { key })).body.total >= n, `${n} deliveries`);
    return accepted.body.ids;
  }

  async function poll(key: string, sub: string, query: string): Promise<{ status: number; messages: Message[]; ms: number }> {
    const started = Date.now();
    const response = await stack.api('GET', `/v1/subscriptions/${sub}/messages?${query}`, { key });
    return { status: response.status, messages: response.body?.messages ?? [], ms: Date.now() - started };
  }

  /** Polls until `n` distinct messages arrived, acking each batch; fails on any duplicate. */
  async function drainAll(key: string, sub: string, n: number): Promise<Message[]> {
    const seen = new Map<string, Message>();
    await waitFor(async () => {
      const { messages } = await poll(key, sub, 'max=100&wait=2');
      for (const m of messages) {
        expect(seen.has(m.id)).toBe(false);
        seen.set(m.id, m);
      }
      if (messages.length) expect((await stack.api('POST', `/v1/subscriptions/${sub}/messages/ack`, { key, body: { ids: messages.map((m) => m.id) } })).body.acked).toBe(messages.length);
      return seen.size >= n;
    }, `${n} messages`, 20_000, 0);
    return [...seen.values()];
  }

  it('answers an empty poll with 204 after about `wait` seconds', async () => {
    const { key, sub } = await pullSubscription();
    const { status, ms } = await poll(key, sub, 'wait=1');
    expect(status).toBe(204);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(3000);
    expect((await poll(key, sub, 'wait=0')).status).toBe(204);
  });

  it('returns a waiting poll as soon as an event is published, with the event fields', async () => {
    const { key, sub } = await pullSubscription();
    const pending = poll(key, sub, 'wait=30');
    // Give the request time to be waiting in the gateway, so the wake-up (not the first lease) must find the message.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const published = Date.now();
    const accepted = await stack.api('POST', '/v1/events', { key, body: { type: 'order.created', payload: { n: 1 }, channels: ['shop'] } });
    const { status, messages } = await pending;
    expect(status).toBe(200);
    expect(Date.now() - published).toBeLessThan(5000);
    expect(messages).toEqual([{
      id: expect.any(String), eventId: accepted.body.id, type: 'order.created', data: { n: 1 }, channels: ['shop'],
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), deliveryAttempt: 1,
    }]);
    expect(messages[0].id).not.toBe(accepted.body.id);
  });

  it('returns at most `max` messages', async () => {
    const { key, sub } = await pullSubscription();
    // One batch: the events share a timestamp, so "oldest first" leaves their order open.
    const eventIds = await publish(key, sub, 5);
    const first = await poll(key, sub, 'max=2&wait=0');
    expect(first.messages).toHaveLength(2);
    const rest = await poll(key, sub, 'max=10&wait=0');
    expect(rest.messages).toHaveLength(3);
    expect([...first.messages, ...rest.messages].map((m) => m.eventId).sort()).toEqual([...eventIds].sort());
    expect((await poll(key, sub, 'wait=0')).status).toBe(204);
  });

  it('redelivers an unacked message after its lease with deliveryAttempt + 1, waking a waiting poll', async () => {
    const { key, sub } = await pullSubscription(1);
    await publish(key, sub, 1);
    const first = await poll(key, sub, 'wait=0');
    expect(first.messages.map((m) => m.deliveryAttempt)).toEqual([1]);
    expect((await poll(key, sub, 'wait=0')).status).toBe(204);

    const again = await poll(key, sub, 'wait=10');
    expect(again.status).toBe(200);
    expect(again.ms).toBeLessThan(3000);
    expect(again.messages.map((m) => [m.id, m.deliveryAttempt])).toEqual([[first.messages[0].id, 2]]);
  });

  it('acks idempotently, reports unknown, malformed and already-acked ids, and counts acks in event status', async () => {
    const { key, sub } = await pullSubscription(1);
    const [eventId] = await publish(key, sub, 1);
    const [message] = (await poll(key, sub, 'wait=0')).messages;
    const unknown = randomUUID();

    const ack = await stack.api('POST', `/v1/subscriptions/${sub}/messages/ack`, { key, body: { ids: [message.id, unknown, 'junk'] } });
    expect(ack).toMatchObject({ status: 200, body: { acked: 1, failures: [unknown, 'junk'] } });
    const twice = await stack.api('POST', `/v1/subscriptions/${sub}/messages/ack`, { key, body: { ids: [message.id] } });
    expect(twice.body).toEqual({ acked: 0, failures: [message.id] });

    // Acked, so no redelivery once the 1 s lease would have run out.
    expect((await poll(key, sub, 'wait=2')).status).toBe(204);
    const status = await stack.api('GET', `/v1/events/${eventId}`, { key });
    expect(status.body.deliveries).toMatchObject({ total: 1, succeeded: 1, pending: 0 });
    const delivery = await stack.api('GET', `/v1/deliveries/${message.id}`, { key });
    expect(delivery.body).toMatchObject({ status: 'succeeded', transport: 'pull', attemptCount: 1 });
  });

  it('gives two concurrent consumers disjoint messages', async () => {
    const { key, sub } = await pullSubscription(30);
    await publish(key, sub, 20);
    const [a, b] = await Promise.all([poll(key, sub, 'max=10&wait=5'), poll(key, sub, 'max=10&wait=5')]);
    const ids = [...a.messages, ...b.messages].map((m) => m.id);
    expect(a.messages.length).toBeGreaterThan(0);
    expect(b.messages.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    const rest = await poll(key, sub, 'max=100&wait=0');
    expect(ids.length + rest.messages.length).toBe(20);
    expect(rest.messages.some((m) => ids.includes(m.id))).toBe(false);
  });

  it('does not lease to a client that went away mid-wait', async () => {
    const { key, sub } = await pullSubscription(30);
    const aborter = new AbortController();
    const gone = fetch(`${stack.apiUrl}/v1/subscriptions/${sub}/messages?wait=30`, { headers: { authorization: `Bearer ${key}` }, signal: aborter.signal }).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 300));
    aborter.abort();
    expect(await gone).toBe('aborted');
    await publish(key, sub, 1);
    const { messages } = await poll(key, sub, 'wait=5');
    expect(messages.map((m) => m.deliveryAttempt)).toEqual([1]);
  });

  it('loses no message across an api-gateway restart, and answers waiting polls when it drains', async () => {
    const { key, sub } = await pullSubscription(2);
    await publish(key, sub, 3);
    const leased = await poll(key, sub, 'max=1&wait=0');
    expect(leased.messages).toHaveLength(1);
    const other = await pullSubscription();
    const waiting = poll(other.key, other.sub, 'wait=30');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const stopping = Date.now();
    expect(await stack.stopApp('api-gateway', 'SIGTERM')).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect((await waiting).status).toBe(204);
    await stack.startApp('api-gateway');

    const all = await drainAll(key, sub, 3);
    expect(all.find((m) => m.id === leased.messages[0].id)?.deliveryAttempt).toBe(2);
  });

  it('validates the query and body, 404s unknown subscriptions and 409s non-pull ones', async () => {
    const { key, sub } = await pullSubscription();
    for (const query of ['max=0', 'max=1001', 'max=abc', 'wait=61', 'wait=-1']) {
      const response = await stack.api('GET', `/v1/subscriptions/${sub}/messages?${query}`, { key });
      expect(response.status).toBe(422);
      expect(JSON.stringify(response.body)).toContain(query.split('=')[0]);
    }
    for (const body of [{}, { ids: 'x' }, { ids: [1] }, { ids: Array.from({ length: 1001 }, () => randomUUID()) }]) {
      const response = await stack.api('POST', `/v1/subscriptions/${sub}/messages/ack`, { key, body });
      expect(response.status).toBe(422);
      expect(JSON.stringify(response.body)).toContain('ids');
    }
    const stranger = await stack.createTenant();
    expect((await stack.api('GET', `/v1/subscriptions/${sub}/messages?wait=0`, { key: stranger.apiKey })).status).toBe(404);
    expect((await stack.api('GET', `/v1/subscriptions/${randomUUID()}/messages?wait=0`, { key })).status).toBe(404);
    expect((await stack.api('GET', `/v1/subscriptions/nope/messages?wait=0`, { key })).status).toBe(404);
    expect((await stack.api('GET', `/v1/subscriptions/${sub}/messages?wait=0`)).status).toBe(401);

    const hook = await stack.api('POST', '/v1/subscriptions', { key, body: { url: 'https://example.com/hook' } });
    const conflict = await stack.api('GET', `/v1/subscriptions/${hook.body.id}/messages?wait=0`, { key });
    expect(conflict.status).toBe(409);
    expect(JSON.stringify(conflict.body)).toContain('pull');
    expect((await stack.api('POST', `/v1/subscriptions/${hook.body.id}/messages/ack`, { key, body: { ids: [] } })).status).toBe(409);

    expect((await stack.api('DELETE', `/v1/subscriptions/${sub}`, { key })).status).toBe(204);
    expect((await stack.api('GET', `/v1/subscriptions/${sub}/messages?wait=0`, { key })).status).toBe(404);
  });
});
