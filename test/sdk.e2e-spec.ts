import {
  ForbiddenError,
  InvalidCredentialsError,
  NotFoundError,
  NotifyApiError,
  NotifyClient,
  NotifyConnectionError,
  NotifyInbox,
  ValidationError,
  verifyWebhook,
  WebhookVerificationError,
} from '@notify-platform/sdk';
import { Receiver } from './support/receiver';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';

/** The SDK's REST side against the real api-gateway, matcher and deliverer (no mocks). */
jest.setTimeout(60_000);

describe('SDK: REST resources', () => {
  let stack: Stack;
  let receiver: Receiver;
  let client: NotifyClient;

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher', 'webhook-deliverer'], env: { RETRY_MAX_AGE_MS: '1500' } });
    receiver = await Receiver.start();
    client = new NotifyClient({ baseUrl: stack.apiUrl, apiKey: (await stack.createTenant()).apiKey });
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('subscriptions: create, get, list, update, secrets, delete', async () => {
    const created = await client.subscriptions.create({ name: 'Orders hook', url: `${receiver.url}/orders`, eventTypes: ['order.created'] });
    expect(created).toMatchObject({ name: 'Orders hook', transport: 'webhook', status: 'active', isActive: true });
    expect(created.secret).toMatch(/^whsec_/);
    await expect(client.subscriptions.get(created.id)).resolves.toMatchObject({ id: created.id, url: `${receiver.url}/orders` });
    const page = await client.subscriptions.list({ q: 'orders HOOK', transport: 'webhook', limit: 10 });
    expect(page).toMatchObject({ total: 1, limit: 10, offset: 0 });
    expect(page.items.map((s) => s.id)).toEqual([created.id]);
    await expect(client.subscriptions.update(created.id, { isActive: false })).resolves.toMatchObject({ isActive: false, status: 'disabled' });
    await expect(client.subscriptions.getSecret(created.id)).resolves.toBe(created.secret);
    const rotated = await client.subscriptions.rotateSecret(created.id);
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(created.secret);
    await expect(client.subscriptions.getSecret(created.id)).resolves.toBe(rotated);
    await client.subscriptions.delete(created.id);
    await client.subscriptions.delete(created.id); // idempotent
    await expect(client.subscriptions.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('events: publish waiting for fan-out reports the counts; idempotency key, batch, get, deliveries', async () => {
    const sub = await client.subscriptions.create({ url: `${receiver.url}/fanout`, channels: ['fanout'] });
    const report = await client.events.publish({ type: 'a.b', payload: { n: 1 }, channels: ['fanout'] }, { waitForFanOut: { timeoutMs: 20_000 } });
    expect(report).toMatchObject({ total: 1, succeeded: 1, failed: 0, pending: 0, settled: true });

    const first = await client.events.publish({ type: 'a.b', payload: { n: 2 }, channels: ['fanout'] }, { idempotencyKey: 'sdk-key-1' });
    const again = await client.events.publish({ type: 'a.b', payload: { n: 2 }, channels: ['fanout'] }, { idempotencyKey: 'sdk-key-1' });
    expect(again.id).toBe(first.id);
    const other = await client.events.publish({ type: 'a.b', payload: { n: 2 }, channels: ['fanout'] });
    expect(other.id).not.toBe(first.id); // a fresh random key per call

    const ids = await client.events.publishBatch([1, 2, 3].map((n) => ({ type: 'a.b', payload: { n }, channels: ['fanout'] })));
    expect(ids).toHaveLength(3);
    const status = await waitFor(async () => {
      const s = await client.events.get(ids[2]);
      return s.status === 'matched' && s.deliveries.pending === 0 ? s : undefined;
    }, 'the batch event to settle');
    expect(status).toMatchObject({ id: ids[2], type: 'a.b', payload: { n: 3 }, channels: ['fanout'], deliveries: { total: 1, succeeded: 1 } });
    const deliveries = await client.events.deliveries(ids[2]);
    expect(deliveries.items).toEqual([expect.objectContaining({ eventId: ids[2], subscriptionId: sub.id, status: 'succeeded' })]);
    await expect(client.subscriptions.deliveries(sub.id, { status: 'succeeded', limit: 100 })).resolves.toMatchObject({ total: 6 });
  });

  it('deliveries: get with attempts, retry runs a new attempt, recover requeues failed ones', async () => {
    let failing = true;
    receiver.respondWith((req) => ({ status: req.url.startsWith('/flaky') && failing ? 500 : 200 }));
    const sub = await client.subscriptions.create({ url: `${receiver.url}/flaky`, channels: ['flaky'] });
    const since = new Date(Date.now() - 1000);
    const report = await client.events.publish({ type: 'x', payload: {}, channels: ['flaky'] }, { waitForFanOut: { timeoutMs: 20_000 } });
    expect(report).toMatchObject({ total: 1, failed: 1, settled: true });
    const [delivery] = (await client.events.deliveries(report.id)).items;
    const failed = await client.deliveries.get(delivery.id);
    expect(failed.status).toBe('failed');
    expect(failed.attempts.length).toBeGreaterThanOrEqual(1);
    expect(failed.attempts[0]).toMatchObject({ deliveryId: delivery.id, attemptNumber: 1, responseStatus: 500 });

    failing = false;
    await client.subscriptions.update(sub.id, { isActive: true }); // the failure disabled it
    await expect(client.subscriptions.recover(sub.id, since)).resolves.toBe(1);
    await waitFor(async () => (await client.deliveries.get(delivery.id)).status === 'succeeded', 'the recovered delivery to succeed');

    const before = (await client.deliveries.get(delivery.id)).attempts.length;
    await expect(client.deliveries.retry(delivery.id)).resolves.toMatchObject({ id: delivery.id });
    await waitFor(async () => (await client.deliveries.get(delivery.id)).attempts.length === before + 1, 'the retried attempt');
  });

  it('notifications and user tokens: create, bulk, delete; the token reads the inbox', async () => {
    const id = await client.notifications.create({ user: 'ada', type: 'mention', message: 'hello', meta: { from: 'bob' } });
    const bulk = await client.notifications.createBulk([{ user: 'ada', type: 'digest', message: 'one' }, { user: 'ada', type: 'digest', message: 'two' }]);
    expect(bulk).toHaveLength(2);
    const { token, expiresAt } = await client.users.createToken('ada', { ttlSeconds: 120 });
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(121_000);

    const inbox = new NotifyInbox({ baseUrl: stack.apiUrl, token });
    const page = await inbox.list({ itemsPerPage: 10 });
    expect(page).toMatchObject({ itemsInTotal: 3, itemsPerPage: 10, pageNumber: 0 });
    expect(page.items.map((n) => n.id)).toEqual([...bulk].reverse().concat(id));
    await expect(inbox.unreadCount()).resolves.toBe(3);
    await expect(inbox.markRead([id, 'nope'])).resolves.toEqual(['nope']);
    await expect(inbox.unreadCount()).resolves.toBe(2);

    await expect(client.notifications.delete([bulk[0], '00000000-0000-4000-8000-000000000000'])).resolves.toEqual(['00000000-0000-4000-8000-000000000000']);
    await expect(inbox.list()).resolves.toMatchObject({ itemsInTotal: 2 });
    await inbox.markAllRead();
    await expect(inbox.unreadCount()).resolves.toBe(0);
  });

  it('typed errors: 401, 403, 404 and 422 with field messages', async () => {
    const stranger = new NotifyClient({ baseUrl: stack.apiUrl, apiKey: 'not_a_key' });
    const unauthorized = await stranger.subscriptions.list().catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(InvalidCredentialsError);
    expect(unauthorized).toMatchObject({ status: 401, body: { statusCode: 401 } });

    const { token } = await client.users.createToken('eve');
    const asUser = new NotifyClient({ baseUrl: stack.apiUrl, apiKey: token });
    await expect(asUser.subscriptions.list()).rejects.toBeInstanceOf(ForbiddenError);

    await expect(client.events.get('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.deliveries.get('not-a-uuid')).rejects.toMatchObject({ status: 404 });

    const invalid = (await client.subscriptions.create({ url: 'ftp://x', eventTypes: [''] }).catch((e: unknown) => e)) as ValidationError;
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid.status).toBe(422);
    expect(invalid.messages.some((m) => m.includes('url'))).toBe(true);
    expect(invalid.messages.some((m) => m.includes('eventTypes'))).toBe(true);
    await expect(client.events.publish({ type: '', payload: [] as never })).rejects.toBeInstanceOf(ValidationError);
  });

  it('verifyWebhook accepts a real delivery and rejects a tampered body or an old timestamp', async () => {
    const sub = await client.subscriptions.create({ url: `${receiver.url}/verify`, channels: ['verify'] });
    const event = await client.events.publish({ type: 'signed', payload: { amount: 42, note: 'æøå' }, channels: ['verify'] }, { waitForFanOut: { timeoutMs: 20_000 } });
    expect(event.succeeded).toBe(1);
    const request = receiver.requests.find((r) => r.url === '/verify' && r.headers['webhook-id'] === event.id)!;
    const headers = request.headers as Record<string, string>;
    await expect(verifyWebhook(sub.secret, headers, request.body)).resolves.toMatchObject({ id: event.id, type: 'signed', data: { amount: 42, note: 'æøå' } });
    await expect(verifyWebhook(sub.secret, headers, request.body.replace('42', '43'))).rejects.toThrow(WebhookVerificationError);
    const later = (Number(headers['webhook-timestamp']) + 301) * 1000;
    await expect(verifyWebhook(sub.secret, headers, request.body, { now: later })).rejects.toThrow('too old');
    await expect(verifyWebhook(await client.subscriptions.rotateSecret(sub.id), headers, request.body)).rejects.toThrow('no matching signature');
  });

  it('verifyWebhook accepts a real GET delivery, whose signed body is the data parameter', async () => {
    const sub = await client.subscriptions.create({ url: `${receiver.url}/get-hook`, httpMethod: 'GET', channels: ['get'] });
    const event = await client.events.publish({ type: 'get.it', payload: { q: 'a&b=c' }, channels: ['get'] }, { waitForFanOut: { timeoutMs: 20_000 } });
    const request = receiver.requests.find((r) => r.url.startsWith('/get-hook') && r.headers['webhook-id'] === event.id)!;
    const data = new URL(request.url, 'http://x').searchParams.get('data')!;
    await expect(verifyWebhook(sub.secret, request.headers as Record<string, string>, data)).resolves.toEqual({ q: 'a&b=c' });
  });
});

describe('SDK: retries', () => {
  let fake: Receiver;
  beforeAll(async () => (fake = await Receiver.start()));
  afterAll(async () => fake.close());

  it('retries idempotent calls on 5xx and keeps the idempotency key of a publish, but never retries a create', async () => {
    fake.respondWith((_req, i) => (i % 3 < 2 ? { status: 503, body: '{"statusCode":503}' } : { status: 200, body: '{"id":"s1"}' }));
    const client = new NotifyClient({ baseUrl: fake.url, apiKey: 'k', retryBaseDelayMs: 10 });
    await expect(client.subscriptions.get('s1')).resolves.toEqual({ id: 's1' });
    expect(fake.requests).toHaveLength(3);

    await expect(client.events.publish({ type: 't', payload: {} })).resolves.toEqual({ id: 's1' });
    const keys = fake.requests.slice(3).map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);

    const refused = await client.subscriptions.create({ url: 'http://x' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotifyApiError);
    expect(fake.requests).toHaveLength(7);
  });

  it('gives up with NotifyConnectionError after maxAttempts when nothing answers', async () => {
    let calls = 0;
    const client = new NotifyClient({
      baseUrl: 'http://127.0.0.1:9', // discard port: connection refused
      apiKey: 'k',
      maxAttempts: 4,
      retryBaseDelayMs: 5,
      fetch: (url, init) => { calls++; return fetch(url, init); },
    });
    await expect(client.events.get('e1')).rejects.toBeInstanceOf(NotifyConnectionError);
    expect(calls).toBe(4);
  });
});
