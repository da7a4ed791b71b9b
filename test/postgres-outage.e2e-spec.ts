import { ADMIN_TOKEN, Stack } from './support/stack';
import { sql, TenantRowLock } from './support/row-lock';
import { TcpProxy } from './support/tcp-proxy';
import { waitFor } from './support/wait-for';

describe('Postgres going away', () => {
  /** The gateway's own sessions carry this name, so the test can end exactly them as a Postgres restart would. */
  const APP_NAME = `outage-gateway-${process.pid}`;
  let proxy: TcpProxy;
  let stack: Stack;

  beforeAll(async () => {
    const database = new URL(process.env.E2E_DATABASE_URL!);
    proxy = await TcpProxy.start(Number(database.port || 5432));
    database.port = String(proxy.port);
    stack = await Stack.start({ apps: ['api-gateway'], env: { DATABASE_URL: database.toString(), PGAPPNAME: APP_NAME } });
  });
  afterAll(async () => {
    await stack?.stop();
    await proxy?.cut();
  });

  /** A valid request for every route that needs Postgres, so that any answer but 503 is the outage's fault. */
  async function everyRoute(): Promise<[method: string, path: string, key: string, body?: unknown][]> {
    const { id: tenantId, apiKey: key } = await stack.createTenant('routes');
    const sub = (await stack.api('POST', '/v1/subscriptions', { key, body: { transport: 'pull' } })).body.id;
    const event = (await stack.api('POST', '/v1/events', { key, body: { type: 'x', payload: {} } })).body.id;
    const token = (await stack.api('POST', '/v1/users/u1/tokens', { key, body: {} })).body.token;
    const some = '00000000-0000-4000-8000-000000000000';
    return [
      ['POST', '/v1/tenants', ADMIN_TOKEN, { name: 'n' }], ['POST', `/v1/tenants/${tenantId}/api-keys`, ADMIN_TOKEN], ['DELETE', `/v1/api-keys/${some}`, ADMIN_TOKEN],
      ['POST', '/v1/subscriptions', key, { transport: 'pull' }], ['GET', '/v1/subscriptions?q=a&offset=1', key], ['GET', `/v1/subscriptions/${sub}`, key],
      ['PATCH', `/v1/subscriptions/${sub}`, key, { name: 'n' }], ['GET', `/v1/subscriptions/${sub}/secret`, key], ['POST', `/v1/subscriptions/${sub}/secret/rotate`, key],
      ['DELETE', `/v1/subscriptions/${some}`, key], ['POST', '/v1/events', key, { type: 'x', payload: {} }], ['POST', '/v1/events/batch', key, { events: [{ type: 'x', payload: {} }] }],
      ['GET', `/v1/events/${event}`, key], ['GET', `/v1/events/${event}/deliveries`, key], ['GET', `/v1/subscriptions/${sub}/deliveries`, key],
      ['GET', `/v1/deliveries/${some}`, key], ['POST', `/v1/deliveries/${some}/retry`, key], ['POST', `/v1/subscriptions/${sub}/recover`, key, { since: 0 }],
      ['GET', `/v1/subscriptions/${sub}/messages?wait=0`, key], ['POST', `/v1/subscriptions/${sub}/messages/ack`, key, { ids: [some] }],
      ['POST', '/v1/notifications', key, { user: 'u1', type: 't', message: 'm' }], ['POST', '/v1/notifications/bulk', key, { items: [{ user: 'u1', type: 't', message: 'm' }] }],
      ['DELETE', '/v1/notifications', key, { ids: [some] }], ['GET', '/v1/me/notifications?since=1', token], ['GET', '/v1/me/notifications/unread-count', token],
      ['POST', '/v1/me/notifications/read', token, { ids: [some] }], ['POST', '/v1/me/notifications/read/all', token],
    ];
  }

  it('turns into prompt 503s on /health and the API, never a hang or an exit, and recovers when it is back', async () => {
    const { apiKey } = await stack.createTenant();
    await proxy.cut();

    const health = await waitFor(async () => {
      const response = await stack.api('GET', '/health');
      return response.status === 503 && response;
    }, 'health to report Postgres down');
    expect(health.body).toMatchObject({ statusCode: 503, postgres: 'down', redis: 'up' });

    for (const [method, path, body] of [['POST', '/v1/events', { type: 'x', payload: {} }], ['GET', '/v1/subscriptions', undefined]] as const) {
      const started = Date.now();
      const response = await stack.api(method, path, { key: apiKey, body });
      expect([path, response.status]).toEqual([path, 503]);
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(Date.now() - started).toBeLessThan(5000);
    }
    expect(stack.apps.get('api-gateway')!.process.exitCode).toBeNull();

    await proxy.restore();
    await waitFor(async () => (await stack.api('GET', '/health')).status === 200, 'health to recover');
    const published = await waitFor(async () => {
      const response = await stack.api('POST', '/v1/events', { key: apiKey, body: { type: 'x', payload: {} } });
      return response.status === 202 && response;
    }, 'publishing to work again');
    expect(published.body.id).toEqual(expect.any(String));
  });

  it('answers 503, never 500, to a request in flight when the connection is cut and to every route while it is cut', async () => {
    const routes = await everyRoute();
    const { id: tenantId, apiKey } = await stack.createTenant('in-flight');
    const lock = await TenantRowLock.take(tenantId);
    try {
      const inFlight = stack.api('POST', '/v1/events', { key: apiKey, body: { type: 'x', payload: {} } });
      await TenantRowLock.untilWaiting('INSERT INTO events');
      await proxy.cut();
      expect((await inFlight).status).toBe(503);
    } finally {
      await lock.release();
    }

    const answers: string[] = [];
    for (const [method, path, key, body] of routes) answers.push(`${(await stack.api(method, path, { key, body })).status} ${method} ${path}`);
    expect(answers.filter((a) => !a.startsWith('503'))).toEqual([]);

    await proxy.restore();
    await waitFor(async () => (await stack.api('GET', '/health')).status === 200, 'health to recover');
  });

  it('answers 503 or success, never 500, when Postgres ends every session of the gateway as a restart does (57P01)', async () => {
    const routes = await everyRoute();
    const { id: tenantId, apiKey } = await stack.createTenant('restart');
    const lock = await TenantRowLock.take(tenantId);
    const statuses: string[] = [];
    const send = async ([method, path, key, body]: (typeof routes)[number]) => {
      statuses.push(`${(await stack.api(method, path, { key, body })).status} ${method} ${path}`);
    };
    try {
      const inFlight = stack.api('POST', '/v1/events', { key: apiKey, body: { type: 'x', payload: {} } });
      await TenantRowLock.untilWaiting('INSERT INTO events');
      // Warm the pool so idle sessions are ended too, then end them all while more requests arrive.
      await Promise.all(routes.map(send));
      const during = Promise.all(routes.map(send));
      const [{ ended }] = await sql(`SELECT count(pg_terminate_backend(pid))::int AS ended FROM pg_stat_activity WHERE application_name = $1`, [APP_NAME]);
      expect(ended).toBeGreaterThan(1);
      const after = Promise.all(routes.map(send));
      await Promise.all([during, after]);
      expect((await inFlight).status).toBe(503);
    } finally {
      await lock.release();
    }
    // One expectation for both, so a failure shows which route answered what and the error the gateway logged.
    const unhandled = stack.logs('api-gateway').split('\n').filter((line) => /unhandled error/.test(line)).map((line) => line.slice(0, 600));
    expect({ statuses: statuses.filter((s) => s.startsWith('5') && !s.startsWith('503')), unhandled }).toEqual({ statuses: [], unhandled: [] });

    await waitFor(async () => (await stack.api('GET', '/v1/subscriptions', { key: apiKey })).status === 200, 'the API to work again');
  });
});
