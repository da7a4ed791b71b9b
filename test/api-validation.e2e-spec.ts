import { ADMIN_TOKEN, Stack } from './support/stack';
import { createWebhook, publish } from './support/webhooks';

describe('API contract: auth, isolation and input validation', () => {
  let stack: Stack;
  let a: { id: string; apiKey: string };
  let b: { id: string; apiKey: string };

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway'], env: { MAX_BODY_BYTES: '65536' } });
    a = await stack.createTenant('a');
    b = await stack.createTenant('b');
  });
  afterAll(() => stack?.stop());

  it('answers 401 without or with a wrong credential, 403 for the wrong kind', async () => {
    expect((await stack.api('GET', '/v1/subscriptions')).status).toBe(401);
    expect((await stack.api('GET', '/v1/subscriptions', { key: 'nk_wrong' })).status).toBe(401);
    expect((await stack.api('GET', '/v1/subscriptions', { headers: { 'X-API-Key': a.apiKey } })).status).toBe(200);
    expect((await stack.api('POST', '/v1/tenants', { key: a.apiKey, body: { name: 'x' } })).status).toBe(403);
    const error = await stack.api('POST', '/v1/tenants', { key: 'nope', body: { name: 'x' } });
    expect(error.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
  });

  it('stops accepting a deleted API key at once', async () => {
    const { body: created } = await stack.api('POST', `/v1/tenants/${a.id}/api-keys`, { key: ADMIN_TOKEN, body: {} });
    expect(created.apiKey).toMatch(/^[A-Za-z0-9_]+$/);
    expect((await stack.api('GET', '/v1/subscriptions', { key: created.apiKey })).status).toBe(200);
    expect((await stack.api('DELETE', `/v1/api-keys/${created.id}`, { key: ADMIN_TOKEN })).status).toBe(204);
    expect((await stack.api('GET', '/v1/subscriptions', { key: created.apiKey })).status).toBe(401);
    expect((await stack.api('DELETE', `/v1/api-keys/${created.id}`, { key: ADMIN_TOKEN })).status).toBe(204);
    expect((await stack.api('POST', `/v1/tenants/00000000-0000-4000-8000-000000000000/api-keys`, { key: ADMIN_TOKEN, body: {} })).status).toBe(404);
  });

  it("answers 404 for another tenant's subscription, event and delivery", async () => {
    const sub = await createWebhook(stack, a.apiKey, { url: 'http://127.0.0.1:9/x' });
    const eventId = await publish(stack, a.apiKey, { type: 'x', payload: {} });
    for (const path of [`/v1/subscriptions/${sub.id}`, `/v1/subscriptions/${sub.id}/secret`, `/v1/events/${eventId}`, `/v1/events/${eventId}/deliveries`, `/v1/subscriptions/${sub.id}/deliveries`]) {
      expect([path, (await stack.api('GET', path, { key: b.apiKey })).status]).toEqual([path, 404]);
      expect([path, (await stack.api('GET', path, { key: a.apiKey })).status]).toEqual([path, 200]);
    }
    expect((await stack.api('PATCH', `/v1/subscriptions/${sub.id}`, { key: b.apiKey, body: { name: 'stolen' } })).status).toBe(404);
    expect((await stack.api('DELETE', `/v1/subscriptions/${sub.id}`, { key: b.apiKey })).status).toBe(204);
    expect((await stack.api('GET', `/v1/subscriptions/${sub.id}`, { key: a.apiKey })).status).toBe(200);
    expect((await stack.api('GET', '/v1/subscriptions', { key: b.apiKey })).body).toMatchObject({ items: [], total: 0 });
    expect((await stack.api('GET', '/v1/deliveries/not-a-uuid', { key: a.apiKey })).status).toBe(404);
  });

  it('manages subscriptions: list with q/transport, patch, rotate secret, idempotent delete', async () => {
    const sub = await createWebhook(stack, a.apiKey, { name: 'Billing hook', url: 'http://127.0.0.1:9/billing', eventTypes: ['invoice.paid'] });
    expect(sub).toMatchObject({ transport: 'webhook', httpMethod: 'POST', isActive: true, status: 'active', secret: expect.stringMatching(/^whsec_/) });
    const list = await stack.api('GET', '/v1/subscriptions?q=BILLING&transport=webhook&eventType=invoice.paid&limit=5', { key: a.apiKey });
    expect(list.body).toMatchObject({ total: 1, limit: 5, offset: 0, items: [{ id: sub.id }] });
    expect(list.body.items[0].secret).toBeUndefined();
    const patched = await stack.api('PATCH', `/v1/subscriptions/${sub.id}`, { key: a.apiKey, body: { name: 'renamed', channels: ['eu'] } });
    expect(patched.body).toMatchObject({ name: 'renamed', channels: ['eu'], url: sub.url });
    const reset = await stack.api('PATCH', `/v1/subscriptions/${sub.id}`, { key: a.apiKey, body: { channels: null, filter: null, isActive: null, headers: null } });
    expect(reset).toMatchObject({ status: 200, body: { channels: [], filter: {}, isActive: true, status: 'active', headers: {}, name: 'renamed' } });
    expect((await stack.api('PATCH', `/v1/subscriptions/${sub.id}`, { key: a.apiKey, body: { url: null } })).status).toBe(422);
    const rotated = await stack.api('POST', `/v1/subscriptions/${sub.id}/secret/rotate`, { key: a.apiKey });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(sub.secret);
    expect((await stack.api('GET', `/v1/subscriptions/${sub.id}/secret`, { key: a.apiKey })).body.secret).toBe(rotated.body.secret);
    expect((await stack.api('DELETE', `/v1/subscriptions/${sub.id}`, { key: a.apiKey })).status).toBe(204);
    expect((await stack.api('DELETE', `/v1/subscriptions/${sub.id}`, { key: a.apiKey })).status).toBe(204);
    expect((await stack.api('DELETE', '/v1/subscriptions/whatever', { key: a.apiKey })).status).toBe(204);
    expect((await stack.api('GET', `/v1/subscriptions/${sub.id}`, { key: a.apiKey })).status).toBe(404);
  });

  const invalid: [string, string, unknown, RegExp][] = [
    ['POST', '/v1/subscriptions', {}, /url/],
    ['POST', '/v1/subscriptions', { url: 'ftp://x.example/a' }, /url/],
    ['POST', '/v1/subscriptions', { url: 'http://x.example/a', transport: 'carrier-pigeon' }, /transport/],
    ['POST', '/v1/subscriptions', { url: 'http://x.example/a', httpMethod: 'DELETE' }, /httpMethod/],
    ['POST', '/v1/subscriptions', { url: 'http://x.example/a', headers: { 'X-A': 1 } }, /headers/],
    ['POST', '/v1/subscriptions', { url: 'http://x.example/a', eventTypes: 'a' }, /eventTypes/],
    ['POST', '/v1/subscriptions', { url: 'http://x.example/a', filter: { a: { $regex: 'x' } } }, /filter/],
    ['POST', '/v1/subscriptions', { url: 'http://x.example/a', filter: { $or: {} } }, /filter/],
    ['POST', '/v1/subscriptions', { url: `http://x.example/${'a'.repeat(2100)}` }, /url/],
    ['POST', '/v1/subscriptions', { url: 'http://x.example/a', name: 'n'.repeat(257) }, /name/],
    ['POST', '/v1/events', { payload: {} }, /type/],
    ['POST', '/v1/events', { type: 'x', payload: [1] }, /payload/],
    ['POST', '/v1/events', { type: 't'.repeat(257), payload: {} }, /type/],
    ['POST', '/v1/events', { type: 'x', payload: {}, channels: ['c'.repeat(257)] }, /channels/],
    ['POST', '/v1/events', { type: 'x\u0000y', payload: {} }, /type/],
    ['POST', '/v1/events/batch', { events: [] }, /events/],
    ['POST', '/v1/events/batch', { events: [{ type: 'ok', payload: {} }, { payload: {} }] }, /events\.1\.type/],
  ];

  it.each(invalid)('%s %s %j → 422 naming the field', async (method, path, body, field) => {
    const response = await stack.api(method, path, { key: a.apiKey, body });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    expect(JSON.stringify(response.body.message)).toMatch(field);
  });

  it('refuses deep nesting and non-finite numbers with 422, malformed JSON with 400, big bodies with 413', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect((await stack.api('POST', '/v1/events', { key: a.apiKey, body: { type: 'x', payload: deep } })).status).toBe(422);
    const infinite = await stack.api('POST', '/v1/events', { key: a.apiKey, rawBody: '{"type":"x","payload":{"n":1e999}}' });
    expect(infinite.status).toBe(422);
    expect(JSON.stringify(infinite.body.message)).toMatch(/payload\.n/);
    const surrogate = await stack.api('POST', '/v1/events', { key: a.apiKey, rawBody: '{"type":"x","payload":{"s":"\\ud800"}}' });
    expect(surrogate.status).toBe(422);
    expect(JSON.stringify(surrogate.body.message)).toMatch(/payload\.s/);
    const malformed = await stack.api('POST', '/v1/events', { key: a.apiKey, rawBody: '{"type":' });
    expect(malformed).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request' } });
    const big = await stack.api('POST', '/v1/events', { key: a.apiKey, body: { type: 'x', payload: { s: 'x'.repeat(70_000) } } });
    expect(big).toMatchObject({ status: 413, body: { statusCode: 413 } });
    const queryError = await stack.api('GET', '/v1/subscriptions?limit=0', { key: a.apiKey });
    expect(queryError.status).toBe(422);
    expect(JSON.stringify(queryError.body.message)).toMatch(/limit/);
  });

  it('refuses private targets unless ALLOW_PRIVATE_TARGETS is true', async () => {
    const strict = await stack.startApp('api-gateway', { port: stack.ports.get('ws-gateway')!, env: { ALLOW_PRIVATE_TARGETS: 'false' } });
    try {
      const response = await fetch(`http://127.0.0.1:${strict.port}/v1/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'http://127.0.0.1:8080/hook' }),
      });
      expect(response.status).toBe(422);
      expect(JSON.stringify(await response.json())).toMatch(/private/);
    } finally {
      await stack.stopApp(strict, 'SIGKILL');
    }
  });

  it('answers 429 with Retry-After once a tenant passes its requests per second', async () => {
    const limited = await stack.startApp('api-gateway', { port: stack.ports.get('ws-gateway')!, env: { RATE_LIMIT_PER_SECOND: '5' } });
    try {
      const call = () => fetch(`http://127.0.0.1:${limited.port}/v1/subscriptions`, { headers: { authorization: `Bearer ${b.apiKey}` } });
      const responses = await Promise.all(Array.from({ length: 20 }, call));
      const refused = responses.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(responses.filter((r) => r.status === 200).length).toBeGreaterThan(0);
      expect(refused[0].headers.get('retry-after')).toBe('1');
      expect(await refused[0].json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      const other = await fetch(`http://127.0.0.1:${limited.port}/v1/subscriptions`, { headers: { authorization: `Bearer ${a.apiKey}` } });
      expect(other.status).toBe(200);
    } finally {
      await stack.stopApp(limited, 'SIGKILL');
    }
  });
});
