import { Webhook } from 'standardwebhooks';
import { verifyWebhook } from '@notify-platform/sdk';
import { ReceivedRequest, Receiver } from './support/receiver';
import { freePort, RunningApp, Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish, settled } from './support/webhooks';

describe('delivery features: secret rotation, operational events, send test, event type catalog', () => {
  let stack: Stack;
  let receiver: Receiver;
  /** A second api-gateway on the same database and Redis, refusing private targets. */
  let second: RunningApp;
  let key: string;

  beforeAll(async () => {
    stack = await Stack.start({
      apps: ['api-gateway', 'subscription-matcher', 'webhook-deliverer'],
      env: { RETRY_MAX_AGE_MS: '1500', MAX_EVENT_TYPES_PER_TENANT: '5' },
    });
    second = await stack.startApp('api-gateway', { port: await freePort(), env: { ALLOW_PRIVATE_TARGETS: 'false' } });
    receiver = await Receiver.start((request) => ({ status: request.url.startsWith('/fail') ? 500 : request.url.startsWith('/unavailable') ? 503 : 200 }));
  });
  beforeEach(async () => {
    key = (await stack.createTenant()).apiKey;
  });
  afterAll(async () => {
    if (second) await stack.stopApp(second, 'SIGKILL');
    await stack?.stop();
    await receiver?.close();
  });

  const requestsTo = (path: string) => receiver.requests.filter((r) => r.url.startsWith(path));
  const bodyOf = (request: ReceivedRequest) => JSON.parse(request.body) as { id: string; type: string; data: Record<string, any> };
  const onSecond = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${second.port}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };

  describe('secret rotation', () => {
    it('signs with the new and the old secret during the overlap, and with the new one only after a rotation with 0', async () => {
      const sub = await createWebhook(stack, key, { url: `${receiver.url}/rotation`, eventTypes: ['rotation.check'] });
      const rotated = await stack.api('POST', `/v1/subscriptions/${sub.id}/secret/rotate`, { key, body: {} });
      expect(rotated.status).toBe(200);
      const fresh: string = rotated.body.secret;
      expect(fresh).not.toBe(sub.secret);
      const shown = await stack.api('GET', `/v1/subscriptions/${sub.id}`, { key });
      expect(Date.parse(shown.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(86_000_000);

      const during = await publish(stack, key, { type: 'rotation.check', payload: { n: 1 } });
      const overlap = await waitFor(() => requestsTo('/rotation').find((r) => r.headers['webhook-id'] === during), 'the delivery during the overlap');
      expect(String(overlap.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(new Webhook(sub.secret).verify(overlap.body, overlap.headers as Record<string, string>)).toMatchObject({ id: during });
      expect(new Webhook(fresh).verify(overlap.body, overlap.headers as Record<string, string>)).toMatchObject({ id: during });
      await expect(verifyWebhook(sub.secret, overlap.headers as Record<string, string>, overlap.body)).resolves.toMatchObject({ id: during });
      await expect(verifyWebhook(fresh, overlap.headers as Record<string, string>, overlap.body)).resolves.toMatchObject({ id: during });

      const atOnce = await stack.api('POST', `/v1/subscriptions/${sub.id}/secret/rotate`, { key, body: { expireOldAfterSeconds: 0 } });
      expect(atOnce.status).toBe(200);
      expect((await stack.api('GET', `/v1/subscriptions/${sub.id}`, { key })).body.previousSecretExpiresAt).toBeNull();
      const after = await publish(stack, key, { type: 'rotation.check', payload: { n: 2 } });
      const single = await waitFor(() => requestsTo('/rotation').find((r) => r.headers['webhook-id'] === after), 'the delivery after the rotation');
      expect(String(single.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(new Webhook(atOnce.body.secret).verify(single.body, single.headers as Record<string, string>)).toMatchObject({ id: after });
      expect(() => new Webhook(fresh).verify(single.body, single.headers as Record<string, string>)).toThrow();
      expect(() => new Webhook(sub.secret).verify(single.body, single.headers as Record<string, string>)).toThrow();
    });

    it('refuses an overlap out of range with 422', async () => {
      const sub = await createWebhook(stack, key, { url: `${receiver.url}/rotation-bad` });
      for (const expireOldAfterSeconds of [-1, 604_801, 1.5, 'soon']) {
        const response = await stack.api('POST', `/v1/subscriptions/${sub.id}/secret/rotate`, { key, body: { expireOldAfterSeconds } });
        expect(response.status).toBe(422);
        expect(JSON.stringify(response.body.message)).toContain('expireOldAfterSeconds');
      }
      const unchanged = await stack.api('GET', `/v1/subscriptions/${sub.id}/secret`, { key });
      expect(unchanged.body.secret).toBe(sub.secret);
    });
  });

  describe('operational events', () => {
    it('publishes notify.subscription.disabled once per disable and notify.delivery.failed, signed, to a subscription of those types', async () => {
      const failing = await createWebhook(stack, key, { url: `${receiver.url}/fail/ops`, eventTypes: ['ops.work'] });
      const watcher = await createWebhook(stack, key, { url: `${receiver.url}/ops-watch`, eventTypes: ['notify.subscription.disabled', 'notify.delivery.failed'] });
      const watched = (type: string) => requestsTo('/ops-watch').map(bodyOf).filter((b) => b.type === type && b.data.subscriptionId === failing.id);
      const catchAll = await createWebhook(stack, key, { url: `${receiver.url}/ops-all`, eventTypes: [] });

      const work = await publish(stack, key, { type: 'ops.work', payload: {} });
      const [disabled] = await waitFor(() => watched('notify.subscription.disabled').length > 0 && watched('notify.subscription.disabled'), 'notify.subscription.disabled');
      expect(disabled.data).toEqual({ subscriptionId: failing.id, reason: expect.stringContaining('failed after'), disabledAt: expect.any(String) });
      const signed = requestsTo('/ops-watch').find((r) => bodyOf(r).id === disabled.id)!;
      expect(new Webhook(watcher.secret).verify(signed.body, signed.headers as Record<string, string>)).toMatchObject({ type: 'notify.subscription.disabled' });
      const [failed] = await waitFor(() => watched('notify.delivery.failed').length > 0 && watched('notify.delivery.failed'), 'notify.delivery.failed');
      // The catch-all got `work` too; the failed delivery is the failing subscription's.
      const delivery = (await stack.api('GET', `/v1/events/${work}/deliveries`, { key })).body.items.find((d: { subscriptionId: string }) => d.subscriptionId === failing.id);
      expect(failed.data).toEqual({ deliveryId: delivery.id, eventId: work, subscriptionId: failing.id, attemptCount: delivery.attemptCount, lastResponseStatus: 500 });

      // Re-enabled and failing again: a second disable, a second event, and no more.
      await stack.api('PATCH', `/v1/subscriptions/${failing.id}`, { key, body: { isActive: true } });
      await publish(stack, key, { type: 'ops.work', payload: {} });
      await waitFor(() => watched('notify.subscription.disabled').length === 2, 'the second notify.subscription.disabled');
      await waitFor(async () => (await stack.api('GET', `/v1/subscriptions/${watcher.id}/deliveries?status=pending`, { key })).body.total === 0, 'the watcher to settle');
      expect(watched('notify.subscription.disabled')).toHaveLength(2);
      expect(new Set(watched('notify.subscription.disabled').map((b) => b.id)).size).toBe(2);
      // A catch-all subscription gets the work events but none of the platform's own.
      await waitFor(async () => (await stack.api('GET', `/v1/subscriptions/${catchAll.id}/deliveries?status=pending`, { key })).body.total === 0, 'the catch-all to settle');
      expect(requestsTo('/ops-all').map((r) => bodyOf(r).type)).toEqual(['ops.work', 'ops.work']);
    });

    it('publishes no notify.delivery.failed about a delivery that carried a notify.* event', async () => {
      const failing = await createWebhook(stack, key, { url: `${receiver.url}/fail/loop-source`, eventTypes: ['loop.work'] });
      const failingWatcher = await createWebhook(stack, key, { url: `${receiver.url}/fail/loop-watch`, eventTypes: ['notify.delivery.failed'] });
      const watcher = await createWebhook(stack, key, { url: `${receiver.url}/loop-ok`, eventTypes: ['notify.delivery.failed', 'notify.subscription.disabled'] });
      const seen = () => requestsTo('/loop-ok').map(bodyOf);

      await publish(stack, key, { type: 'loop.work', payload: {} });
      // The failing watcher's notify.delivery.failed delivery fails for good, which disables it.
      await waitFor(() => seen().some((b) => b.type === 'notify.subscription.disabled' && b.data.subscriptionId === failingWatcher.id), 'the failing watcher to be disabled');
      await waitFor(async () => (await stack.api('GET', `/v1/subscriptions/${watcher.id}/deliveries?status=pending`, { key })).body.total === 0, 'the watcher to settle');
      expect(seen().filter((b) => b.type === 'notify.delivery.failed').map((b) => b.data.subscriptionId)).toEqual([failing.id]);
    });

    it('refuses to publish a notify.* type, single and in a batch', async () => {
      const single = await stack.api('POST', '/v1/events', { key, body: { type: 'notify.subscription.disabled', payload: {} } });
      expect(single.status).toBe(422);
      expect(JSON.stringify(single.body.message)).toContain('reserved');
      const batch = await stack.api('POST', '/v1/events/batch', { key, body: { events: [{ type: 'fine', payload: {} }, { type: 'notify.test', payload: {} }] } });
      expect(batch.status).toBe(422);
      expect(JSON.stringify(batch.body.message)).toContain('events[1].type');
    });
  });

  describe('send test', () => {
    it('sends one signed notify.test request now, answers the receiver status and records it as an attempt', async () => {
      const sub = await createWebhook(stack, key, { url: `${receiver.url}/test-ok`, eventTypes: ['something.else'] });
      const response = await stack.api('POST', `/v1/subscriptions/${sub.id}/test`, { key, body: {} });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ responseStatus: 200, error: null, durationMs: expect.any(Number) });
      const [request] = requestsTo('/test-ok');
      expect(new Webhook(sub.secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({ type: 'notify.test', data: { subscriptionId: sub.id } });

      const recorded = await stack.api('GET', `/v1/deliveries/${response.body.deliveryId}`, { key });
      expect(recorded.body).toMatchObject({ status: 'succeeded', attemptCount: 1, subscriptionId: sub.id });
      expect(recorded.body.attempts).toHaveLength(1);
      const listed = await stack.api('GET', `/v1/subscriptions/${sub.id}/deliveries`, { key });
      expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(response.body.deliveryId);
      await expect(settled(stack, key, response.body.eventId)).resolves.toMatchObject({ type: 'notify.test', deliveries: { total: 1, succeeded: 1 } });
    });

    it('sends the given type and payload and reports a receiver error as a failed attempt', async () => {
      const sub = await createWebhook(stack, key, { url: `${receiver.url}/unavailable/test` });
      const response = await stack.api('POST', `/v1/subscriptions/${sub.id}/test`, { key, body: { type: 'order.created', payload: { total: 3 } } });
      expect(response.body).toMatchObject({ responseStatus: 503, error: null });
      const [request] = requestsTo('/unavailable/test');
      expect(bodyOf(request)).toMatchObject({ type: 'order.created', data: { total: 3 } });
      const recorded = await stack.api('GET', `/v1/deliveries/${response.body.deliveryId}`, { key });
      expect(recorded.body).toMatchObject({ status: 'failed', attemptCount: 1, lastResponseStatus: 503 });
    });

    it("answers 404 for another tenant's subscription and 409 for a pull subscription", async () => {
      const other = (await stack.createTenant('other')).apiKey;
      const theirs = await createWebhook(stack, other, { url: `${receiver.url}/theirs` });
      expect((await stack.api('POST', `/v1/subscriptions/${theirs.id}/test`, { key, body: {} })).status).toBe(404);
      const pull = await stack.api('POST', '/v1/subscriptions', { key, body: { transport: 'pull' } });
      expect((await stack.api('POST', `/v1/subscriptions/${pull.body.id}/test`, { key, body: {} })).status).toBe(409);
      expect(requestsTo('/theirs')).toHaveLength(0);
    });

    it('refuses a private target on a gateway started with ALLOW_PRIVATE_TARGETS=false', async () => {
      const sub = await createWebhook(stack, key, { url: `${receiver.url}/private-test` });
      const response = await onSecond('POST', `/v1/subscriptions/${sub.id}/test`, {});
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ responseStatus: null, error: expect.stringContaining('private') });
      expect(requestsTo('/private-test')).toHaveLength(0);
      const recorded = await stack.api('GET', `/v1/deliveries/${response.body.deliveryId}`, { key });
      expect(recorded.body).toMatchObject({ status: 'failed', attemptCount: 1 });
    });
  });

  describe('event type catalog', () => {
    const amountSchema = { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } };

    it('stores, lists, reads and deletes entries, and refuses an invalid schema', async () => {
      const put = await stack.api('PUT', '/v1/event-types/order.paid', { key, body: { description: 'paid', schema: amountSchema } });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ name: 'order.paid', description: 'paid', schema: amountSchema });
      expect((await stack.api('GET', '/v1/event-types/order.paid', { key })).body).toMatchObject({ schema: amountSchema });
      expect((await stack.api('GET', '/v1/event-types', { key })).body).toMatchObject({ total: 1, items: [{ name: 'order.paid' }] });

      const invalid = await stack.api('PUT', '/v1/event-types/order.bad', { key, body: { schema: { type: 'strnig' } } });
      expect(invalid.status).toBe(422);
      expect(JSON.stringify(invalid.body.message)).toContain('not a valid JSON Schema');
      const huge = { type: 'object', description: 'x'.repeat(70_000) };
      expect((await stack.api('PUT', '/v1/event-types/order.huge', { key, body: { schema: huge } })).status).toBe(422);
      expect((await stack.api('PUT', `/v1/event-types/${'a'.repeat(257)}`, { key, body: {} })).status).toBe(422);

      expect((await stack.api('DELETE', '/v1/event-types/order.paid', { key })).status).toBe(204);
      expect((await stack.api('GET', '/v1/event-types/order.paid', { key })).status).toBe(404);
      expect((await stack.api('DELETE', '/v1/event-types/order.paid', { key })).status).toBe(204);
    });

    it('refuses more entries than MAX_EVENT_TYPES_PER_TENANT', async () => {
      for (let i = 0; i < 5; i++) expect((await stack.api('PUT', `/v1/event-types/t${i}`, { key, body: {} })).status).toBe(200);
      const sixth = await stack.api('PUT', '/v1/event-types/t5', { key, body: {} });
      expect(sixth.status).toBe(422);
      expect(JSON.stringify(sixth.body.message)).toContain('MAX_EVENT_TYPES_PER_TENANT');
      expect((await stack.api('PUT', '/v1/event-types/t0', { key, body: { description: 'replacing is fine' } })).status).toBe(200);
    });

    it('checks payloads of a type with a schema, naming the failing path; other types stay free-form', async () => {
      await stack.api('PUT', '/v1/event-types/order.paid', { key, body: { schema: amountSchema } });
      expect((await stack.api('POST', '/v1/events', { key, body: { type: 'order.paid', payload: { amount: 5 } } })).status).toBe(202);
      const wrong = await stack.api('POST', '/v1/events', { key, body: { type: 'order.paid', payload: { amount: 'five' } } });
      expect(wrong.status).toBe(422);
      expect(wrong.body.message).toEqual(['payload/amount must be number']);
      const batch = await stack.api('POST', '/v1/events/batch', { key, body: { events: [{ type: 'order.paid', payload: { amount: 1 } }, { type: 'order.paid', payload: {} }] } });
      expect(batch.status).toBe(422);
      expect(batch.body.message).toEqual(['events[1].payload/amount is required']);
      expect((await stack.api('POST', '/v1/events', { key, body: { type: 'order.unlisted', payload: { anything: true } } })).status).toBe(202);
    });

    it('a schema change takes effect on a second api-gateway', async () => {
      await stack.api('PUT', '/v1/event-types/order.shipped', { key, body: { schema: amountSchema } });
      expect((await onSecond('POST', '/v1/events', { type: 'order.shipped', payload: { amount: 1 } })).status).toBe(202);
      const stricter = { ...amountSchema, properties: { amount: { type: 'number', minimum: 10 } } };
      expect((await stack.api('PUT', '/v1/event-types/order.shipped', { key, body: { schema: stricter } })).status).toBe(200);
      // Well inside the 30 s cache lifetime: the change notice, not the expiry, makes the second gateway see it.
      const refused = await waitFor(async () => {
        const response = await onSecond('POST', '/v1/events', { type: 'order.shipped', payload: { amount: 1 } });
        return response.status === 422 && response;
      }, 'the second gateway to apply the new schema', 5000);
      expect(refused.body.message).toEqual(['payload/amount must be >= 10']);

      await stack.api('DELETE', '/v1/event-types/order.shipped', { key });
      await waitFor(async () => (await onSecond('POST', '/v1/events', { type: 'order.shipped', payload: { amount: 'free-form again' } })).status === 202,
        'the second gateway to drop the schema', 5000);
    });
  });
});
