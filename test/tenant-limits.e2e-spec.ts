import { Stack } from './support/stack';

/** Per-tenant limits of the API, each set small through the environment so the test reaches it. */
describe('per-tenant limits', () => {
  let stack: Stack;
  let a: { id: string; apiKey: string };
  let b: { id: string; apiKey: string };

  beforeAll(async () => {
    stack = await Stack.start({
      apps: ['api-gateway'],
      env: { MAX_SUBSCRIPTIONS_PER_TENANT: '3', RATE_LIMIT_EVENTS_PER_SECOND: '5', RATE_LIMIT_USER_PER_SECOND: '3' },
    });
    a = await stack.createTenant('a');
    b = await stack.createTenant('b');
  });
  afterAll(() => stack?.stop());

  const create = (key: string, fields: Record<string, unknown> = {}) =>
    stack.api('POST', '/v1/subscriptions', { key, body: { url: 'http://127.0.0.1:9/hook', ...fields } });

  it('refuses a subscription past MAX_SUBSCRIPTIONS_PER_TENANT with 422, even when created concurrently', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => create(a.apiKey)));

    expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 201, 422, 422, 422, 422, 422]);
    expect(responses.find((r) => r.status === 422)!.body).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: [expect.stringContaining('MAX_SUBSCRIPTIONS_PER_TENANT')],
    });
    expect((await stack.api('GET', '/v1/subscriptions', { key: a.apiKey })).body.total).toBe(3);
    expect((await create(b.apiKey)).status).toBe(201);

    const first = responses.find((r) => r.status === 201)!.body.id;
    expect((await stack.api('DELETE', `/v1/subscriptions/${first}`, { key: a.apiKey })).status).toBe(204);
    expect((await create(a.apiKey)).status).toBe(201);
  });

  it('refuses a hostile filter (40,000 objects in $in) with 422 naming MAX_FILTER_NODES, on create and on update', async () => {
    const hostile = { items: { $in: Array.from({ length: 40_000 }, (_, i) => ({ id: i })) } };

    const created = await create(b.apiKey, { filter: hostile });
    const own = (await stack.api('GET', '/v1/subscriptions', { key: b.apiKey })).body.items[0].id;
    const patched = await stack.api('PATCH', `/v1/subscriptions/${own}`, { key: b.apiKey, body: { filter: hostile } });

    for (const response of [created, patched]) {
      expect(response).toMatchObject({ status: 422, body: { message: [expect.stringMatching(/more than 1000 nodes \(MAX_FILTER_NODES/)] } });
    }
    const withinLimit = { items: { $in: Array.from({ length: 990 }, (_, i) => i) } };
    expect((await stack.api('PATCH', `/v1/subscriptions/${own}`, { key: b.apiKey, body: { filter: withinLimit } })).status).toBe(200);
  });

  it('answers 429 with Retry-After once a tenant publishes more than RATE_LIMIT_EVENTS_PER_SECOND events, a batch of n counting n', async () => {
    const batch = { events: [{ type: 'x', payload: {} }, { type: 'x', payload: {} }] };
    // 12 events against a limit of 5: however the requests fall across a second boundary, one second gets over 5.
    const responses = await Promise.all(Array.from({ length: 6 }, () => stack.api('POST', '/v1/events/batch', { key: a.apiKey, body: batch })));

    const refused = responses.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(responses.filter((r) => r.status === 202).length).toBeGreaterThan(0);
    expect(refused[0].headers.get('retry-after')).toBe('1');
    expect(refused[0].body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('RATE_LIMIT_EVENTS_PER_SECOND') });
    expect((await stack.api('POST', '/v1/events', { key: b.apiKey, body: { type: 'x', payload: {} } })).status).toBe(202);
  });

  it('refuses with 422 a batch larger than RATE_LIMIT_EVENTS_PER_SECOND allows in any second', async () => {
    const events = Array.from({ length: 6 }, () => ({ type: 'x', payload: {} }));

    const response = await stack.api('POST', '/v1/events/batch', { key: b.apiKey, body: { events } });

    expect(response).toMatchObject({ status: 422, body: { message: [expect.stringContaining('RATE_LIMIT_EVENTS_PER_SECOND')] } });
  });

  it("gives an end user's token its own request budget, apart from the tenant's API key", async () => {
    const { body: token } = await stack.api('POST', '/v1/users/chatty/tokens', { key: b.apiKey, body: {} });
    const asUser = () => stack.api('GET', '/v1/me/notifications', { key: token.token });

    const responses = await Promise.all(Array.from({ length: 10 }, asUser));

    const refused = responses.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].body.message).toContain('RATE_LIMIT_USER_PER_SECOND');
    expect(refused[0].headers.get('retry-after')).toBe('1');
    expect((await stack.api('GET', '/v1/subscriptions', { key: b.apiKey })).status).toBe(200);
  });
});
