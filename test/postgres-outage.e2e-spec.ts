import { Stack } from './support/stack';
import { TcpProxy } from './support/tcp-proxy';
import { waitFor } from './support/wait-for';

describe('Postgres going away', () => {
  let proxy: TcpProxy;
  let stack: Stack;

  beforeAll(async () => {
    const database = new URL(process.env.E2E_DATABASE_URL!);
    proxy = await TcpProxy.start(Number(database.port || 5432));
    database.port = String(proxy.port);
    stack = await Stack.start({ apps: ['api-gateway'], env: { DATABASE_URL: database.toString() } });
  });
  afterAll(async () => {
    await stack?.stop();
    await proxy?.cut();
  });

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
});
