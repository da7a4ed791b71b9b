import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Stack } from './support/stack';

/** docs/openapi.json is generated from the built api-gateway, kept current, complete, and served at /docs. */
jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..');
const run = promisify(execFile);
const committed = () => JSON.parse(readFileSync(path.join(ROOT, 'docs', 'openapi.json'), 'utf8'));

/** Every endpoint of the contract (CONTRACT.md), as OpenAPI paths. */
const CONTRACT: [string, string][] = [
  ['post', '/v1/tenants'], ['post', '/v1/tenants/{id}/api-keys'], ['delete', '/v1/api-keys/{id}'], ['post', '/v1/users/{userId}/tokens'],
  ['post', '/v1/subscriptions'], ['get', '/v1/subscriptions'], ['get', '/v1/subscriptions/{id}'], ['patch', '/v1/subscriptions/{id}'],
  ['delete', '/v1/subscriptions/{id}'], ['get', '/v1/subscriptions/{id}/secret'], ['post', '/v1/subscriptions/{id}/secret/rotate'],
  ['post', '/v1/events'], ['post', '/v1/events/batch'], ['get', '/v1/events/{id}'], ['get', '/v1/events/{id}/deliveries'],
  ['get', '/v1/subscriptions/{id}/deliveries'], ['get', '/v1/deliveries/{id}'], ['post', '/v1/deliveries/{id}/retry'], ['post', '/v1/subscriptions/{id}/recover'],
  ['get', '/v1/subscriptions/{id}/messages'], ['post', '/v1/subscriptions/{id}/messages/ack'],
  ['post', '/v1/notifications'], ['post', '/v1/notifications/bulk'], ['delete', '/v1/notifications'],
  ['get', '/v1/me/notifications'], ['post', '/v1/me/notifications/read'], ['post', '/v1/me/notifications/read/all'], ['get', '/v1/me/notifications/unread-count'],
  ['get', '/health'],
];

describe('OpenAPI document', () => {
  it('the committed docs/openapi.json equals a freshly generated one (run `npm run openapi` when this fails)', async () => {
    // Generated in preview mode: deliberately pointed at no database and no Redis, which it must not need.
    const env = { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1' };
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'scripts', 'openapi.js'), '--stdout'], { cwd: ROOT, env, maxBuffer: 16 << 20 });
    expect(JSON.parse(stdout)).toEqual(committed());
    expect(stdout).toBe(readFileSync(path.join(ROOT, 'docs', 'openapi.json'), 'utf8'));
  });

  it('has every contract endpoint with a success schema and its error answers', () => {
    const doc = committed();
    expect(doc.openapi).toMatch(/^3\./);
    for (const [method, route] of CONTRACT) {
      const operation = doc.paths[route]?.[method];
      expect({ route: `${method} ${route}`, present: operation !== undefined }).toEqual({ route: `${method} ${route}`, present: true });
      const success = Object.keys(operation.responses).filter((code) => code.startsWith('2'));
      expect(success.length).toBeGreaterThan(0);
      if (route !== '/health') expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403', '429', '503']));
    }
    const create = doc.paths['/v1/subscriptions'].post;
    expect(create.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CreateSubscriptionDto');
    expect(create.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/CreatedSubscriptionResponse');
    expect(create.responses['422'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorResponse');
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['400', '413', '422']));
    expect(Object.keys(doc.paths['/v1/subscriptions/{id}'].get.responses)).toContain('404');
    expect(Object.keys(doc.paths['/v1/subscriptions/{id}/messages'].get.responses)).toEqual(expect.arrayContaining(['200', '204', '409']));
    expect(doc.components.schemas.CreateSubscriptionDto.properties.transport.enum).toEqual(['webhook', 'pull', 'websocket']);
    expect(doc.paths['/v1/me/notifications'].get.security).toEqual([{ userToken: [] }]);
    expect(doc.paths['/v1/tenants'].post.security).toEqual([{ admin: [] }]);
  });

  describe('served by the api-gateway', () => {
    let stack: Stack;
    beforeAll(async () => (stack = await Stack.start({ apps: ['api-gateway'] })));
    afterAll(async () => stack?.stop());

    it('GET /docs/openapi.json is the committed document and GET /docs is the UI, without credentials', async () => {
      const json = await fetch(`${stack.apiUrl}/docs/openapi.json`);
      expect(json.status).toBe(200);
      expect(await json.json()).toEqual(committed());
      const ui = await fetch(`${stack.apiUrl}/docs`);
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toContain('text/html');
      expect(await ui.text()).toContain('swagger');
    });
  });
});
