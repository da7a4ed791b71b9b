import { randomUUID } from 'node:crypto';
import { Stack } from './support/stack';

describe('in-app inbox (REST)', () => {
  let stack: Stack;
  let tenant: { id: string; apiKey: string };

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway'] });
    tenant = await stack.createTenant('inbox');
  });

  afterAll(async () => {
    await stack.stop();
  });

  async function tokenFor(user: string, apiKey = tenant.apiKey): Promise<string> {
    const response = await stack.api('POST', `/v1/users/${encodeURIComponent(user)}/tokens`, { key: apiKey, body: {} });
    expect(response.status).toBe(201);
    return response.body.token;
  }

  async function notify(user: string, type: string, message: string, meta?: object): Promise<string> {
    const response = await stack.api('POST', '/v1/notifications', { key: tenant.apiKey, body: { user, type, message, meta } });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  it('issues user tokens with a bounded ttl', async () => {
    const issued = await stack.api('POST', '/v1/users/alice/tokens', { key: tenant.apiKey, body: { ttlSeconds: 120 } });
    expect(issued.status).toBe(201);
    expect(issued.body.token.split('.')).toHaveLength(3);
    const ttl = Date.parse(issued.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(100_000);
    expect(ttl).toBeLessThanOrEqual(121_000);
    expect((await stack.api('POST', '/v1/users/alice/tokens', { key: tenant.apiKey })).status).toBe(201);
    const defaulted = await stack.api('POST', '/v1/users/alice/tokens', { key: tenant.apiKey, body: { ttlSeconds: null } });
    expect(Date.parse(defaulted.body.expiresAt) - Date.now()).toBeGreaterThan(3_500_000);
    for (const ttlSeconds of [59, 2_592_001, 'x']) {
      const refused = await stack.api('POST', '/v1/users/alice/tokens', { key: tenant.apiKey, body: { ttlSeconds } });
      expect(refused.status).toBe(422);
      expect(JSON.stringify(refused.body.message)).toContain('ttlSeconds');
    }
    expect((await stack.api('POST', `/v1/users/${'u'.repeat(257)}/tokens`, { key: tenant.apiKey, body: {} })).status).toBe(422);
    expect((await stack.api('POST', '/v1/users/alice/tokens', { body: {} })).status).toBe(401);
  });

  it('keeps tenant keys off /v1/me and user tokens off tenant routes', async () => {
    const token = await tokenFor('bob');
    expect((await stack.api('GET', '/v1/me/notifications', { key: tenant.apiKey })).status).toBe(403);
    expect((await stack.api('GET', '/v1/me/notifications/unread-count', { key: tenant.apiKey })).status).toBe(403);
    expect((await stack.api('POST', '/v1/notifications', { key: token, body: { user: 'bob', type: 't', message: 'm' } })).status).toBe(403);
    expect((await stack.api('POST', '/v1/users/bob/tokens', { key: token, body: {} })).status).toBe(403);
    expect((await stack.api('GET', '/v1/me/notifications', { key: 'not.a.token' })).status).toBe(401);
  });

  it('creates, lists newest first with filters and pages, and counts unread', async () => {
    const user = `carol-${randomUUID()}`;
    const token = await tokenFor(user);
    const first = await notify(user, 'comment', 'first', { n: 1 });
    const bulk = await stack.api('POST', '/v1/notifications/bulk', {
      key: tenant.apiKey,
      body: { items: [{ user, type: 'like', message: 'second' }, { user, type: 'comment', message: 'third' }, { user: 'someone-else', type: 'like', message: 'x' }] },
    });
    expect(bulk.status).toBe(201);
    expect(bulk.body.ids).toHaveLength(4 - 1);
    const page = await stack.api('GET', '/v1/me/notifications', { key: token });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ itemsInTotal: 3, itemsPerPage: 50, pageNumber: 0 });
    expect(page.body.items.map((i: any) => i.message)).toEqual(['third', 'second', 'first']);
    expect(page.body.items[2]).toEqual({ id: first, type: 'comment', message: 'first', meta: { n: 1 }, ts: expect.any(Number), read: false });
    expect(Math.abs(page.body.items[2].ts - Date.now())).toBeLessThan(60_000);

    const comments = await stack.api('GET', '/v1/me/notifications?type=comment', { key: token });
    expect(comments.body.items.map((i: any) => i.message)).toEqual(['third', 'first']);
    const second = await stack.api('GET', '/v1/me/notifications?itemsPerPage=1&page=1', { key: token });
    expect(second.body).toMatchObject({ itemsInTotal: 3, itemsPerPage: 1, pageNumber: 1 });
    expect(second.body.items.map((i: any) => i.message)).toEqual(['second']);
    const future = await stack.api('GET', `/v1/me/notifications?since=${Date.now() + 60_000}`, { key: token });
    expect(future.body).toMatchObject({ itemsInTotal: 0, items: [] });
    const sinceFirst = await stack.api('GET', `/v1/me/notifications?since=${page.body.items[1].ts}`, { key: token });
    expect(sinceFirst.body.items.map((i: any) => i.message)).toEqual(['third', 'second']);
    expect((await stack.api('GET', '/v1/me/notifications/unread-count', { key: token })).body).toEqual({ count: 3 });
  });

  it('marks read by array or comma-separated string, reporting ids that name nothing', async () => {
    const user = `dave-${randomUUID()}`;
    const token = await tokenFor(user);
    const [a, b, c] = [await notify(user, 't', 'a'), await notify(user, 't', 'b'), await notify(user, 't', 'c')];
    const foreign = await notify('not-dave', 't', 'x');
    const missing = randomUUID();
    const read = await stack.api('POST', '/v1/me/notifications/read', { key: token, body: { ids: [a, foreign, 'garbage', missing, 7] } });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ failures: [foreign, 'garbage', missing, 7] });
    const again = await stack.api('POST', '/v1/me/notifications/read', { key: token, body: { ids: `${a}, ${b}` } });
    expect(again.body).toEqual({ failures: [] });
    expect((await stack.api('GET', '/v1/me/notifications/unread-count', { key: token })).body).toEqual({ count: 1 });
    const unread = await stack.api('GET', '/v1/me/notifications?unread=true', { key: token });
    expect(unread.body.items.map((i: any) => i.id)).toEqual([c]);
    const all = await stack.api('POST', '/v1/me/notifications/read/all', { key: token });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({});
    expect((await stack.api('GET', '/v1/me/notifications/unread-count', { key: token })).body).toEqual({ count: 0 });
    const otherToken = await tokenFor('not-dave');
    expect((await stack.api('GET', '/v1/me/notifications/unread-count', { key: otherToken })).body).toEqual({ count: 1 });
  });

  it('deletes by ids within the tenant, reporting the rest', async () => {
    const user = `erin-${randomUUID()}`;
    const token = await tokenFor(user);
    const [a, b] = [await notify(user, 't', 'a'), await notify(user, 't', 'b')];
    const other = await stack.createTenant('other');
    const missing = randomUUID();
    const foreignDelete = await stack.api('DELETE', '/v1/notifications', { key: other.apiKey, body: { ids: [a] } });
    expect(foreignDelete.body).toEqual({ failures: [a] });
    const deleted = await stack.api('DELETE', '/v1/notifications', { key: tenant.apiKey, body: { ids: [a, missing, 'nope'] } });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ failures: [missing, 'nope'] });
    const page = await stack.api('GET', '/v1/me/notifications', { key: token });
    expect(page.body.items.map((i: any) => i.id)).toEqual([b]);
    const twice = await stack.api('DELETE', '/v1/notifications', { key: tenant.apiKey, body: { ids: [a] } });
    expect(twice.body).toEqual({ failures: [a] });
  });

  it('refuses invalid input with 422 naming the field', async () => {
    const cases: [object, string][] = [
      [{ type: 't', message: 'm' }, 'user'],
      [{ user: 'u'.repeat(257), type: 't', message: 'm' }, 'user'],
      [{ user: 'u', type: 't'.repeat(257), message: 'm' }, 'type'],
      [{ user: 'u', type: 't', message: 'm'.repeat(4097) }, 'message'],
      [{ user: 'u', type: 't', message: 'm', meta: [1] }, 'meta'],
    ];
    for (const [body, field] of cases) {
      const response = await stack.api('POST', '/v1/notifications', { key: tenant.apiKey, body });
      expect(response.status).toBe(422);
      expect(JSON.stringify(response.body.message)).toContain(field);
    }
    expect((await stack.api('POST', '/v1/notifications', { key: tenant.apiKey, body: { user: 'u', type: 't', message: 'm'.repeat(4096) } })).status).toBe(201);
    const tooMany = Array.from({ length: 1001 }, () => ({ user: 'u', type: 't', message: 'm' }));
    expect((await stack.api('POST', '/v1/notifications/bulk', { key: tenant.apiKey, body: { items: tooMany } })).status).toBe(422);
    const badItem = await stack.api('POST', '/v1/notifications/bulk', { key: tenant.apiKey, body: { items: [{ user: 'u', type: 't' }] } });
    expect(badItem.status).toBe(422);
    expect(JSON.stringify(badItem.body.message)).toContain('message');
    const token = await tokenFor('frank');
    expect((await stack.api('GET', '/v1/me/notifications?itemsPerPage=0', { key: token })).status).toBe(422);
    expect((await stack.api('GET', '/v1/me/notifications?unread=maybe', { key: token })).status).toBe(422);
    expect((await stack.api('POST', '/v1/me/notifications/read', { key: token, body: {} })).status).toBe(422);
  });
});
