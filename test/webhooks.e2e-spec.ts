import { Webhook } from 'standardwebhooks';
import { Receiver } from './support/receiver';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish, settled } from './support/webhooks';

describe('webhook delivery, end to end', () => {
  let stack: Stack;
  let receiver: Receiver;
  let key: string;

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher', 'webhook-deliverer'], env: { RETRY_MAX_AGE_MS: '1500' } });
    receiver = await Receiver.start();
  });
  beforeEach(async () => {
    key = (await stack.createTenant()).apiKey;
    receiver.requests.length = 0;
    receiver.respondWith(() => ({ status: 200 }));
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  const requestsTo = (path: string) => receiver.requests.filter((r) => r.url.startsWith(path));

  it('delivers a matching event as a signed request the standardwebhooks verifier accepts', async () => {
    const sub = await createWebhook(stack, key, { url: `${receiver.url}/signed`, eventTypes: ['order.created'], headers: { 'X-Custom': 'yes' } });
    const eventId = await publish(stack, key, { type: 'order.created', payload: { total: 42 }, channels: ['eu'] });

    const [request] = await waitFor(() => requestsTo('/signed').length > 0 && requestsTo('/signed'), 'the webhook');
    expect(request.method).toBe('POST');
    expect(request.headers['webhook-id']).toBe(eventId);
    expect(request.headers['x-custom']).toBe('yes');
    expect(request.headers['content-type']).toBe('application/json');
    const verified = new Webhook(sub.secret).verify(request.body, request.headers as Record<string, string>);
    expect(verified).toMatchObject({ id: eventId, type: 'order.created', data: { total: 42 }, channels: ['eu'] });
    expect(Date.parse((verified as { timestamp: string }).timestamp)).not.toBeNaN();
    await expect(settled(stack, key, eventId)).resolves.toMatchObject({ deliveries: { total: 1, succeeded: 1 } });
  });

  it('does not deliver an event the filter rejects, and says so in the event status', async () => {
    await createWebhook(stack, key, { url: `${receiver.url}/filtered`, filter: { country: 'NO', 'person.age': { $gte: 18 } } });
    const rejected = await publish(stack, key, { type: 'person.seen', payload: { country: 'SE', person: { age: 30 } } });
    const accepted = await publish(stack, key, { type: 'person.seen', payload: { country: 'NO', person: { age: 30 } } });

    await expect(settled(stack, key, rejected)).resolves.toMatchObject({ status: 'matched', deliveries: { total: 0 } });
    await settled(stack, key, accepted);
    expect(requestsTo('/filtered').map((r) => r.headers['webhook-id'])).toEqual([accepted]);
  });

  it('selects by event type and by channel', async () => {
    await createWebhook(stack, key, { url: `${receiver.url}/typed`, eventTypes: ['a.one'] });
    await createWebhook(stack, key, { url: `${receiver.url}/wild`, eventTypes: ['*'], channels: ['red'] });
    await createWebhook(stack, key, { url: `${receiver.url}/all` });
    const redOne = await publish(stack, key, { type: 'a.one', payload: {}, channels: ['red', 'blue'] });
    const blueTwo = await publish(stack, key, { type: 'a.two', payload: {}, channels: ['blue'] });
    const plainTwo = await publish(stack, key, { type: 'a.two', payload: {} });
    await Promise.all([redOne, blueTwo, plainTwo].map((id) => settled(stack, key, id)));

    const ids = (path: string) => requestsTo(path).map((r) => r.headers['webhook-id']).sort();
    expect(ids('/typed')).toEqual([redOne]);
    expect(ids('/wild')).toEqual([redOne, plainTwo].sort());
    expect(ids('/all')).toEqual([redOne, blueTwo, plainTwo].sort());
  });

  it('retries a failing receiver and records every attempt: 500, 500, 200 is one success with three attempts', async () => {
    await createWebhook(stack, key, { url: `${receiver.url}/flaky` });
    receiver.respondWith((_, i) => ({ status: i < 2 ? 500 : 200, body: i < 2 ? 'boom' : 'fine' }));
    const eventId = await publish(stack, key, { type: 'x', payload: {} });

    await expect(settled(stack, key, eventId)).resolves.toMatchObject({ deliveries: { total: 1, succeeded: 1, failed: 0 } });
    const { body: page } = await stack.api('GET', `/v1/events/${eventId}/deliveries`, { key });
    const { body: delivery } = await stack.api('GET', `/v1/deliveries/${page.items[0].id}`, { key });
    expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 3, lastResponseStatus: 200 });
    expect(delivery.attempts.map((a: any) => [a.attemptNumber, a.responseStatus, a.responseBody])).toEqual([[1, 500, 'boom'], [2, 500, 'boom'], [3, 200, 'fine']]);
    expect(new Set(requestsTo('/flaky').map((r) => r.headers['webhook-id']))).toEqual(new Set([eventId]));
  });

  it('fails a delivery past the retry age, disables the subscription, and delivers again after re-enabling and retry', async () => {
    const sub = await createWebhook(stack, key, { url: `${receiver.url}/down` });
    receiver.respondWith((r) => ({ status: r.url.startsWith('/down') ? 503 : 200 }));
    const eventId = await publish(stack, key, { type: 'x', payload: { n: 1 } });

    await expect(settled(stack, key, eventId)).resolves.toMatchObject({ deliveries: { failed: 1, succeeded: 0 } });
    const { body: disabled } = await waitFor(async () => {
      const response = await stack.api('GET', `/v1/subscriptions/${sub.id}`, { key });
      return response.body.status === 'disabled' && response;
    }, 'the subscription to be disabled');
    expect(disabled).toMatchObject({ isActive: false, disabledReason: expect.stringContaining('failed') });
    const tries = requestsTo('/down').length;
    expect(tries).toBeGreaterThanOrEqual(2);

    receiver.respondWith(() => ({ status: 200 }));
    const { body: enabled } = await stack.api('PATCH', `/v1/subscriptions/${sub.id}`, { key, body: { isActive: true } });
    expect(enabled).toMatchObject({ status: 'active', isActive: true, disabledReason: null });
    const { body: page } = await stack.api('GET', `/v1/subscriptions/${sub.id}/deliveries?status=failed`, { key });
    expect(page.total).toBe(1);
    expect((await stack.api('POST', `/v1/deliveries/${page.items[0].id}/retry`, { key })).status).toBe(202);
    await expect(settled(stack, key, eventId)).resolves.toMatchObject({ deliveries: { succeeded: 1, failed: 0 } });
    expect(requestsTo('/down').length).toBe(tries + 1);
  });

  it('recovers every failed delivery of a subscription since a time', async () => {
    const sub = await createWebhook(stack, key, { url: `${receiver.url}/recover` });
    receiver.respondWith(() => ({ status: 500 }));
    const ids = [await publish(stack, key, { type: 'x', payload: {} }), await publish(stack, key, { type: 'x', payload: {} })];
    await Promise.all(ids.map((id) => settled(stack, key, id)));
    receiver.respondWith(() => ({ status: 200 }));

    const since = new Date(Date.now() - 60_000).toISOString();
    const recovered = await stack.api('POST', `/v1/subscriptions/${sub.id}/recover`, { key, body: { since } });
    expect(recovered).toMatchObject({ status: 202, body: { requeued: 2 } });
    for (const id of ids) await expect(settled(stack, key, id)).resolves.toMatchObject({ deliveries: { succeeded: 1 } });
    expect((await stack.api('POST', `/v1/subscriptions/${sub.id}/recover`, { key, body: {} })).status).toBe(422);
  });

  it('sends GET deliveries as query parameters signed over the data string', async () => {
    const sub = await createWebhook(stack, key, { url: `${receiver.url}/get?static=1`, httpMethod: 'GET' });
    const eventId = await publish(stack, key, { type: 'g', payload: { q: 'a&b' } });
    const [request] = await waitFor(() => requestsTo('/get').length > 0 && requestsTo('/get'), 'the GET webhook');
    const query = new URL(request.url, 'http://x').searchParams;
    expect(request.method).toBe('GET');
    expect(query.get('static')).toBe('1');
    expect(query.get('id')).toBe(eventId);
    expect(JSON.parse(query.get('data')!)).toEqual({ q: 'a&b' });
    expect(() => new Webhook(sub.secret).verify(query.get('data')!, request.headers as Record<string, string>)).not.toThrow();
  });

  it('publishes once per Idempotency-Key, also across a batch', async () => {
    await createWebhook(stack, key, { url: `${receiver.url}/idem` });
    const headers = { 'Idempotency-Key': 'order-7' };
    const first = await publish(stack, key, { type: 'x', payload: { n: 1 } }, headers);
    const second = await publish(stack, key, { type: 'x', payload: { n: 2 } }, headers);
    const batch = await stack.api('POST', '/v1/events/batch', {
      key, body: { events: [{ type: 'x', payload: {}, idempotencyKey: 'order-7' }, { type: 'y', payload: {} }, { type: 'z', payload: {}, idempotencyKey: 'b-1' }, { type: 'z', payload: {}, idempotencyKey: 'b-1' }] },
    });
    expect(second).toBe(first);
    expect(batch.status).toBe(202);
    expect(batch.body.ids[0]).toBe(first);
    expect(batch.body.ids[3]).toBe(batch.body.ids[2]);
    expect(new Set(batch.body.ids).size).toBe(3);
    await Promise.all(batch.body.ids.map((id: string) => settled(stack, key, id)));
    expect(requestsTo('/idem').filter((r) => r.headers['webhook-id'] === first)).toHaveLength(1);
    expect(requestsTo('/idem')).toHaveLength(3);
  });

  it('keeps delivering to healthy receivers while one receiver hangs', async () => {
    const slow = await Receiver.start(() => ({ status: 200, delayMs: 4000 }));
    try {
      await createWebhook(stack, key, { url: `${slow.url}/slow` });
      await createWebhook(stack, key, { url: `${receiver.url}/fast` });
      const started = Date.now();
      const ids = await Promise.all(Array.from({ length: 20 }, (_, n) => publish(stack, key, { type: 'x', payload: { n } })));
      await waitFor(() => requestsTo('/fast').length === ids.length, 'all fast deliveries', 3500);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await slow.close();
    }
  });
});
