import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Client } from 'pg';
import { ADMIN_TOKEN, Stack } from './support/stack';
import { WsClient } from './support/ws-client';

/** A raw upgrade request, so the test sees the 101 answer's own header bytes. */
function upgradeAnswer(wsUrl: string, protocols: string): Promise<{ status: number; rawHeaders: string[]; protocol?: string }> {
  const url = new URL(wsUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: url.hostname, port: url.port, path: url.pathname,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), 'Sec-WebSocket-Protocol': protocols },
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode!, rawHeaders: response.rawHeaders, protocol: response.headers['sec-websocket-protocol'] });
    });
    request.on('response', (response) => resolve({ status: response.statusCode!, rawHeaders: response.rawHeaders }));
    request.on('error', reject);
    request.end();
  });
}

describe('credentials over WebSocket and user token revocation', () => {
  let stack: Stack;
  let tenant: { id: string; apiKey: string };
  let db: Client;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'ws-gateway'], env: { WS_REVALIDATE_INTERVAL_MS: '1000' } });
    tenant = await stack.createTenant('revocation');
    db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await db.connect();
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.socket.terminate();
  });

  afterAll(async () => {
    await db.end();
    await stack.stop();
  });

  async function tokenFor(user: string, key = tenant.apiKey): Promise<string> {
    const response = await stack.api('POST', `/v1/users/${user}/tokens`, { key, body: {} });
    expect(response.status).toBe(201);
    return response.body.token;
  }

  async function open(credential: string): Promise<WsClient> {
    const client = await WsClient.ready(stack.wsUrl, credential);
    clients.push(client);
    return client;
  }

  const unreadCount = async (token: string) => (await stack.api('GET', '/v1/me/notifications/unread-count', { key: token })).status;

  async function newKey(): Promise<{ id: string; apiKey: string }> {
    const response = await stack.api('POST', `/v1/tenants/${tenant.id}/api-keys`, { key: ADMIN_TOKEN, body: {} });
    expect(response.status).toBe(201);
    return response.body;
  }

  it('never selects a bearer.* protocol, so the 101 answer never carries the credential', async () => {
    const withNotify = await upgradeAnswer(stack.wsUrl, `notify.v1, bearer.${tenant.apiKey}`);
    expect([withNotify.status, withNotify.protocol]).toEqual([101, 'notify.v1']);
    const bearerOnly = await upgradeAnswer(stack.wsUrl, `bearer.${tenant.apiKey}`);
    const token = await tokenFor('alice');
    const tokenOnly = await upgradeAnswer(stack.wsUrl, `Bearer.${token}`);
    for (const answer of [withNotify, bearerOnly, tokenOnly]) {
      expect(answer.status).toBe(101);
      expect(answer.rawHeaders.join('\n')).not.toContain(tenant.apiKey);
      expect(answer.rawHeaders.join('\n')).not.toContain(token);
      expect(answer.rawHeaders.join('\n').toLowerCase()).not.toContain('bearer');
    }
    expect(bearerOnly.protocol).toBeUndefined();
  });

  it('revoking a user ends its tokens on REST (401) and its sockets (1008), while new tokens and other users work', async () => {
    const old = await tokenFor('carol');
    const other = await tokenFor('dave');
    expect(await unreadCount(old)).toBe(200);
    const socket = await open(old);
    const otherSocket = await open(other);

    expect((await stack.api('POST', '/v1/users/carol/tokens/revoke', { key: tenant.apiKey })).status).toBe(204);

    expect(await unreadCount(old)).toBe(401);
    await expect(socket.closedWith()).resolves.toMatchObject({ code: 1008 });
    const fresh = await tokenFor('carol');
    expect(await unreadCount(fresh)).toBe(200);
    await open(fresh);
    expect(await unreadCount(other)).toBe(200);
    expect(otherSocket.closed).toBeUndefined();
    const reconnect = await WsClient.connect(stack.wsUrl, { credential: old });
    clients.push(reconnect);
    await expect(reconnect.closedWith()).resolves.toMatchObject({ code: 1008 });
  });

  it('answers revoke idempotently for any user, refuses user tokens (403) and bad ids (422)', async () => {
    expect((await stack.api('POST', '/v1/users/never-seen/tokens/revoke', { key: tenant.apiKey })).status).toBe(204);
    expect((await stack.api('POST', '/v1/users/never-seen/tokens/revoke', { key: tenant.apiKey })).status).toBe(204);
    expect((await stack.api('POST', '/v1/users/erin/tokens/revoke', { key: await tokenFor('erin') })).status).toBe(403);
    expect((await stack.api('POST', '/v1/users/erin/tokens/revoke', { key: 'nk_unknown' })).status).toBe(401);
    expect((await stack.api('POST', `/v1/users/${'u'.repeat(257)}/tokens/revoke`, { key: tenant.apiKey })).status).toBe(422);
  });

  it("deleting an API key ends the tokens it minted, on REST and on open sockets, and no other key's", async () => {
    const key = await newKey();
    const minted = await tokenFor('frank', key.apiKey);
    const mintedElsewhere = await tokenFor('frank');
    const socket = await open(minted);
    const keySocket = await open(key.apiKey);
    const survivor = await open(mintedElsewhere);

    expect((await stack.api('DELETE', `/v1/api-keys/${key.id}`, { key: ADMIN_TOKEN })).status).toBe(204);

    expect(await unreadCount(minted)).toBe(401);
    await expect(socket.closedWith()).resolves.toMatchObject({ code: 1008 });
    await expect(keySocket.closedWith()).resolves.toMatchObject({ code: 1008 });
    expect(await unreadCount(mintedElsewhere)).toBe(200);
    expect(survivor.closed).toBeUndefined();
  });

  it('closes sockets whose credentials were revoked behind the gateways\' back (a lost notice) at the next re-check', async () => {
    const key = await newKey();
    const minted = await tokenFor('grace', key.apiKey);
    const keySocket = await open(key.apiKey);
    const tokenSocket = await open(minted);
    const epochSocket = await open(await tokenFor('heidi'));

    // Straight in Postgres: no Redis notice is published.
    await db.query('DELETE FROM api_keys WHERE id = $1', [key.id]);
    await db.query("INSERT INTO user_token_epochs (tenant_id, user_id, epoch) VALUES ($1, 'heidi', 1)", [tenant.id]);

    await expect(keySocket.closedWith()).resolves.toMatchObject({ code: 1008 });
    await expect(tokenSocket.closedWith()).resolves.toMatchObject({ code: 1008 });
    await expect(epochSocket.closedWith()).resolves.toMatchObject({ code: 1008 });
  });
});
