import { randomUUID } from 'node:crypto';
import { publish } from './support/webhooks';
import { ADMIN_TOKEN, Stack } from './support/stack';
import { waitFor } from './support/wait-for';

/**
 * "Query strings get the same care as bodies": every GET operation of the served OpenAPI document, each of its
 * query parameters (and one it does not declare) set to each odd value, with real, unknown and junk path ids.
 * Generated from the document, so a new route or parameter is covered without editing this test.
 */

/** Raw, already percent-encoded query values: a lone surrogate cannot be written with encodeURIComponent. */
const ODD_VALUES = [
  '1e21', '99999999999999999999', '9007199254740993', '2147483648', '-1', '-0', '1.5', '0x10', '+1', '%201', 'NaN',
  'Infinity', '', '%00', 'a%00b', '%ED%A0%80', '%EF%BF%BF', '%F0%9F', 'true', 'nope', 'x'.repeat(10_000),
];

interface Parameter {
  in: string;
  name: string;
  schema?: { minimum?: number };
}

interface GetOperation {
  path: string;
  parameters: Parameter[];
  security: Record<string, string[]>[];
}

describe('query strings never get a 5xx', () => {
  let stack: Stack;
  let operations: GetOperation[];
  const credentials: Record<string, string> = { admin: ADMIN_TOKEN };
  /** A real object per collection a path names, so the fuzzed query reaches the database. */
  const realIds: Record<string, string> = {};

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher'] });
    const { apiKey, id: tenantId } = await stack.createTenant();
    credentials.tenantKey = credentials.tenantKeyHeader = apiKey;
    credentials.userToken = (await stack.api('POST', '/v1/users/u1/tokens', { key: apiKey, body: {} })).body.token;
    await stack.api('POST', '/v1/notifications', { key: apiKey, body: { user: 'u1', type: 'x', message: 'hello' } });
    const pull = (await stack.api('POST', '/v1/subscriptions', { key: apiKey, body: { transport: 'pull' } })).body.id;
    const eventId = await publish(stack, apiKey, { type: 'fuzz', payload: {} });
    const deliveries = await waitFor(async () => {
      const { body } = await stack.api('GET', `/v1/subscriptions/${pull}/deliveries`, { key: apiKey });
      return body.items?.length > 0 && body.items;
    }, 'the matcher to create a delivery');
    Object.assign(realIds, { subscriptions: pull, events: eventId, deliveries: deliveries[0].id, tenants: tenantId, users: 'u1' });

    const document = (await stack.api('GET', '/docs/openapi.json')).body;
    operations = Object.entries(document.paths as Record<string, Record<string, any>>)
      .filter(([, item]) => item.get)
      .map(([path, item]) => ({ path, parameters: item.get.parameters ?? [], security: item.get.security ?? [] }));
  });
  afterAll(() => stack?.stop());

  it('reads GET operations with query parameters from the document', () => {
    const withQuery = operations.filter((o) => o.parameters.some((p) => p.in === 'query'));
    expect(withQuery.map((o) => o.path)).toEqual(expect.arrayContaining(['/v1/subscriptions', '/v1/me/notifications', '/v1/subscriptions/{id}/messages']));
  });

  it('answers every odd value of every query parameter with a 2xx or a 4xx in the error shape', async () => {
    const requests: { url: string; credential?: string }[] = [];
    for (const operation of operations) {
      const names = [...operation.parameters.filter((p) => p.in === 'query').map((p) => p.name), 'undeclared'];
      for (const path of pathsOf(operation)) {
        for (const name of names) {
          for (const value of [...ODD_VALUES, ['a', 'b'], { nested: '1' }]) {
            requests.push({ url: `${path}?${queryWith(operation, name, value)}`, credential: credentialFor(operation) });
          }
        }
      }
    }
    const failures: string[] = [];
    let refused = 0;
    await inParallel(requests, 8, async ({ url, credential }) => {
      const response = await stack.api('GET', url, { key: credential });
      if (response.status >= 500) failures.push(`${response.status} GET ${url.slice(0, 200)}`);
      else if (response.status >= 400) {
        refused++;
        if (!isErrorShape(response.body, response.status)) failures.push(`not the error shape: ${response.status} GET ${url.slice(0, 200)} ${JSON.stringify(response.body)?.slice(0, 200)}`);
      }
    });
    expect(failures).toEqual([]);
    expect(requests.length).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(requests.length / 3);
  }, 240_000); // some 1300 requests: 45 s on a busy 2-core machine

  it('names the offending parameter and its bound, e.g. for offset=1e21 and since past the largest Date', async () => {
    const tenant = { key: credentials.tenantKey };
    const offset = await stack.api('GET', '/v1/subscriptions?offset=1e21', tenant);
    expect(offset.status).toBe(422);
    expect(offset.body.message).toEqual([expect.stringContaining('offset')]);
    const since = await stack.api('GET', '/v1/me/notifications?since=99999999999999999999', { key: credentials.userToken });
    expect(since.status).toBe(422);
    expect(since.body.message).toEqual([expect.stringContaining('since must not be greater than 8640000000000000')]);
    const nul = await stack.api('GET', '/v1/subscriptions?q=%00', tenant);
    expect([nul.status, nul.body.message]).toEqual([422, ['q must not contain NUL characters']]);
  });

  /** The real id of the collection the path names (the segment before the parameter), a random UUID, and junk with a NUL. */
  function pathsOf(operation: GetOperation): string[] {
    const collections = [...operation.path.matchAll(/([^/]+)\/\{[^}]+\}/g)].map((m) => m[1]);
    if (collections.length === 0) return [operation.path];
    const fill = (pick: (collection: string) => string) =>
      operation.path.replace(/([^/]+)\/\{[^}]+\}/g, (_, collection: string) => `${collection}/${pick(collection)}`);
    const paths = [fill(() => randomUUID()), fill(() => 'a%00b')];
    if (collections.every((c) => c in realIds)) paths.unshift(fill((c) => realIds[c]));
    return paths;
  }

  function credentialFor(operation: GetOperation): string | undefined {
    const scheme = operation.security.flatMap((s) => Object.keys(s)).find((name) => name in credentials);
    return scheme && credentials[scheme];
  }
});

/**
 * The odd value for `name`, and every other parameter with a minimum at that minimum: the smallest valid value,
 * so a long poll (`wait`) answers at once.
 */
function queryWith(operation: GetOperation, name: string, value: string | string[] | Record<string, string>): string {
  const others = operation.parameters
    .filter((p) => p.in === 'query' && p.name !== name && p.schema?.minimum !== undefined)
    .map((p) => `${p.name}=${p.schema!.minimum}`);
  let odd: string;
  if (Array.isArray(value)) odd = value.map((v) => `${name}=${v}`).join('&');
  else if (typeof value === 'object') odd = Object.entries(value).map(([k, v]) => `${name}[${k}]=${v}`).join('&');
  else odd = `${name}=${value}`;
  return [odd, ...others].join('&');
}

function isErrorShape(body: any, status: number): boolean {
  const message = body?.message;
  return body?.statusCode === status && typeof body.error === 'string' &&
    (typeof message === 'string' || (Array.isArray(message) && message.every((m: unknown) => typeof m === 'string')));
}

/** Runs `work` over `items`, `width` at a time (a few requests in flight, well under the rate limit). */
async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: width }, worker));
}
