import { ADMIN_TOKEN, Stack } from './support/stack';

/** The contract's "never a 500 for bad input", checked across every write route with bodies of every odd shape. */
describe('bad input never gets a 5xx', () => {
  let stack: Stack;
  let routes: [method: string, path: string, credential: string][];

  const bodies = [
    'null', '[]', '"str"', '42', 'true', '{}', '{"a":', '[1,2',
    '{"url":null}', '{"url":123}', '{"events":null}', '{"events":[null]}', '{"events":[1]}', '{"ids":null}',
    '{"ids":[null,1,{}]}', '{"ids":"a,b,,c"}', '{"items":[{}]}', '{"items":[null]}', '{"since":"yesterday"}', '{"since":-1}',
    '{"ttlSeconds":"x"}', '{"filter":null}', '{"filter":{"$and":[{"a":{"$in":"x"}}]}}', '{"headers":{"a":"b\\nc"}}',
    '{"eventTypes":[null]}', '{"visibilityTimeout":0}', '{"httpMethod":"post"}', '{"channels":"a"}', '{"name":{"a":1}}',
    '{"isActive":"yes"}', '{"isActive":null,"name":null,"headers":null}', '{"meta":[1]}', '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{}}}', '{"type":"x","payload":{"s":"\\ud800"}}',
  ];

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway'] });
    const tenant = await stack.createTenant();
    const key = tenant.apiKey;
    const created = async (body: object) => (await stack.api('POST', '/v1/subscriptions', { key, body })).body.id as string;
    const webhook = await created({ url: 'http://127.0.0.1:9/x' });
    const pull = await created({ transport: 'pull' });
    const { body: token } = await stack.api('POST', '/v1/users/u1/tokens', { key, body: {} });
    routes = [
      ['POST', '/v1/tenants', ADMIN_TOKEN], ['POST', `/v1/tenants/${tenant.id}/api-keys`, ADMIN_TOKEN],
      ['POST', '/v1/subscriptions', key], ['PATCH', `/v1/subscriptions/${webhook}`, key], ['POST', `/v1/subscriptions/${webhook}/recover`, key],
      ['POST', '/v1/events', key], ['POST', '/v1/events/batch', key], ['POST', `/v1/deliveries/${webhook}/retry`, key],
      ['POST', `/v1/subscriptions/${pull}/messages/ack`, key], ['POST', '/v1/notifications', key], ['POST', '/v1/notifications/bulk', key],
      ['DELETE', '/v1/notifications', key], ['POST', '/v1/users/u1/tokens', key], ['POST', '/v1/me/notifications/read', token.token],
      ['POST', '/v1/me/notifications/read/all', token.token], ['POST', `/v1/subscriptions/${webhook}/secret/rotate`, key],
    ];
  });
  afterAll(() => stack?.stop());

  it('answers every odd body on every write route with a 2xx or a 4xx in the error shape', async () => {
    const serverErrors: string[] = [];
    let refused = 0;
    for (const [method, path, credential] of routes) {
      for (const rawBody of bodies) {
        const response = await stack.api(method, path, { key: credential, rawBody });
        if (response.status >= 500) serverErrors.push(`${response.status} ${method} ${path} ${rawBody}`);
        if (response.status >= 400) {
          refused++;
          expect(response.body).toMatchObject({ statusCode: response.status, error: expect.any(String) });
        }
      }
    }
    expect(serverErrors).toEqual([]);
    expect(refused).toBeGreaterThan(routes.length * 10);
  });
});
