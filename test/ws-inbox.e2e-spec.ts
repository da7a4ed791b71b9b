import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { freePort, WsClient } from './support/ws-client';

const SECRET = 'e2e-user-token-secret-0123456789abcdef';

describe('ws-gateway: user inbox connections', () => {
  let stack: Stack;
  let tenant: { id: string; apiKey: string };
  const clients: WsClient[] = [];

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'ws-gateway'], env: { USER_TOKEN_SECRET: SECRET } });
    tenant = await stack.createTenant('ws-inbox');
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.socket.terminate();
  });

  afterAll(async () => {
    await stack.stop();
  });

  async function tokenFor(user: string): Promise<string> {
    return (await stack.api('POST', `/v1/users/${user}/tokens`, { key: tenant.apiKey, body: {} })).body.token;
  }

  async function notify(user: string, message: string): Promise<string> {
    const response = await stack.api('POST', '/v1/notifications', { key: tenant.apiKey, body: { user, type: 'note', message, meta: { m: message } } });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  async function open(url: string, credential?: string): Promise<WsClient> {
    const client = await WsClient.ready(url, credential);
    clients.push(client);
    return client;
  }

  it('sends ready first, selects notify.v1, and pushes live to every connection of the user', async () => {
    const user = `u-${randomUUID()}`;
    const token = await tokenFor(user);
    const a = await open(stack.wsUrl, token);
    const b = await open(`${stack.wsUrl}?token=${token}`);
    const other = await open(stack.wsUrl, await tokenFor(`other-${randomUUID()}`));
    expect(a.frames[0]).toEqual({ kind: 'ready', connectionId: expect.any(String) });
    expect(a.frames[0].connectionId).not.toBe(b.frames[0].connectionId);
    expect(a.socket.protocol).toBe('notify.v1');

    const id = await notify(user, 'hello');
    for (const client of [a, b]) {
      const frame = await client.next((f) => f.kind === 'notification', 'the live notification');
      expect(frame.notification).toEqual({ id, type: 'note', message: 'hello', meta: { m: 'hello' }, ts: expect.any(Number), read: false });
    }
    await notify(user, 'second');
    await a.count('notification', 2);
    expect(other.of('notification')).toEqual([]);
  });

  it('replays what was missed after ?since= in order, then goes live without gaps or duplicates', async () => {
    const user = `u-${randomUUID()}`;
    const token = await tokenFor(user);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await notify(user, `n${i}`));
    const client = await WsClient.connect(`${stack.wsUrl}?since=${ids[1]}`, { credential: token });
    clients.push(client);
    // Notifications published while the replay runs must appear exactly once, after the replayed ones.
    const during = [notify(user, 'live0'), notify(user, 'live1')];
    ids.push(...(await Promise.all(during)));
    const frames = await client.count('notification', 5);
    await new Promise((resolve) => setTimeout(resolve, 300)); // give a duplicate the chance to show up
    expect(client.frames[0].kind).toBe('ready');
    const got = client.of('notification').map((f) => f.notification.message);
    expect(got.slice(0, 3)).toEqual(['n2', 'n3', 'n4']);
    expect([...got.slice(3)].sort()).toEqual(['live0', 'live1']);
    expect(frames).toHaveLength(5);

    const later = await notify(user, 'after');
    await client.next((f) => f.notification?.id === later, 'a live notification after the replay');
  });

  it('completes the upgrade and then closes 1008 for missing, bad and expired credentials', async () => {
    const expired = jwt.sign({ sub: 'x', tid: tenant.id, exp: Math.floor(Date.now() / 1000) - 10 }, SECRET, { algorithm: 'HS256' });
    const forged = jwt.sign({ sub: 'x', tid: tenant.id, exp: Math.floor(Date.now() / 1000) + 600 }, 'another-secret-0123456789abcdefghij', { algorithm: 'HS256' });
    for (const credential of [undefined, 'nk_not_a_key', expired, forged]) {
      const client = await WsClient.connect(stack.wsUrl, { credential, protocols: credential ? undefined : ['notify.v1'] });
      clients.push(client);
      expect(await client.closedWith()).toEqual({ code: 1008, reason: expect.any(String) });
      expect(client.of('ready')).toEqual([]);
    }
    const viaQuery = await WsClient.connect(`${stack.wsUrl}?token=${expired}`);
    expect((await viaQuery.closedWith()).code).toBe(1008);
    await expect(WsClient.connect(stack.wsUrl.replace('/v1/ws', '/elsewhere'), { credential: 'x' })).rejects.toThrow('404');
    expect((await fetch(`${stack.wsUrl.replace('ws://', 'http://').replace('/v1/ws', '/health')}`)).status).toBe(200);
  });

  it('fans out across two gateway instances', async () => {
    const second = await stack.startApp('ws-gateway', { port: await freePort() });
    try {
      const user = `u-${randomUUID()}`;
      const token = await tokenFor(user);
      const a = await open(stack.wsUrl, token);
      const b = await open(`ws://127.0.0.1:${second.port}/v1/ws`, token);
      const id = await notify(user, 'everywhere');
      for (const client of [a, b]) await client.next((f) => f.notification?.id === id, 'the notification on both instances');
    } finally {
      await stack.stopApp(second, 'SIGKILL');
    }
  });

  it('drops a peer that stops answering pings and closes with 1001 on SIGTERM', async () => {
    const fast = await stack.startApp('ws-gateway', { port: await freePort(), env: { WS_PING_INTERVAL_MS: '1000' } });
    const url = `ws://127.0.0.1:${fast.port}/v1/ws`;
    const token = await tokenFor(`u-${randomUUID()}`);
    const silent = await WsClient.connect(url, { credential: token, autoPong: false });
    const polite = await open(url, token);
    await silent.next((f) => f.kind === 'ready', 'ready');
    expect((await silent.closedWith(6000)).code).toBe(1006);
    expect(polite.closed).toBeUndefined();
    expect(await stack.stopApp(fast, 'SIGTERM')).toBe(0);
    expect(await polite.closedWith()).toEqual({ code: 1001, reason: expect.any(String) });
  });

  it('ignores junk frames from the client and keeps the connection', async () => {
    const user = `u-${randomUUID()}`;
    const client = await open(stack.wsUrl, await tokenFor(user));
    client.socket.send('not json');
    client.send({ kind: 'ack', ids: 'nonsense' });
    const id = await notify(user, 'still here');
    await client.next((f) => f.notification?.id === id, 'a notification after junk frames');
    await waitFor(() => client.closed === undefined, 'open');
  });
});
