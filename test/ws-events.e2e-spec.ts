import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { freePort, WsClient } from './support/ws-client';

describe('ws-gateway: tenant firehose and durable websocket subscriptions', () => {
  let stack: Stack;
  let tenant: { id: string; apiKey: string };
  const clients: WsClient[] = [];

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher', 'ws-gateway'] });
    tenant = await stack.createTenant('ws-events');
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.socket.terminate();
  });

  afterAll(async () => {
    await stack.stop();
  });

  async function open(url: string, apiKey = tenant.apiKey): Promise<WsClient> {
    const client = await WsClient.ready(url, apiKey);
    clients.push(client);
    return client;
  }

  async function publish(type: string, payload: object, apiKey = tenant.apiKey): Promise<string> {
    const response = await stack.api('POST', '/v1/events', { key: apiKey, body: { type, payload, channels: ['c1'] } });
    expect(response.status).toBe(202);
    return response.body.id;
  }

  async function websocketSubscription(fields: object = {}): Promise<string> {
    const response = await stack.api('POST', '/v1/subscriptions', { key: tenant.apiKey, body: { name: 'ws', transport: 'websocket', visibilityTimeout: 2, ...fields } });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  async function pendingCount(subscriptionId: string): Promise<number> {
    const response = await stack.api('GET', `/v1/subscriptions/${subscriptionId}/deliveries?status=pending`, { key: tenant.apiKey });
    return response.body.total;
  }

  it('streams every event of the tenant, or only ?types=, and nothing of other tenants', async () => {
    const all = await open(stack.wsUrl);
    const onlyB = await open(`${stack.wsUrl}?types=b,c`);
    const other = await stack.createTenant('other');
    await publish('a', { n: 1 }, other.apiKey);
    const a = await publish('a', { n: 1 });
    const b = await publish('b', { n: 2 });
    const frames = await all.count('event', 2);
    // The matcher works on events concurrently, so the firehose does not promise their order.
    expect(frames.find((f) => f.id === a)).toEqual({ kind: 'event', id: a, eventId: a, type: 'a', data: { n: 1 }, timestamp: expect.any(String), channels: ['c1'] });
    expect(frames.map((f) => f.id).sort()).toEqual([a, b].sort());
    await onlyB.next((f) => f.id === b, 'event b on the ?types= socket');
    await publish('z', {});
    await all.count('event', 3);
    expect(onlyB.of('event').map((f) => f.type)).toEqual(['b']);
  });

  it('queues while offline, pushes on connect, removes acked ones and redelivers the rest next time', async () => {
    const subscription = await websocketSubscription();
    const url = `${stack.wsUrl}?subscription=${subscription}`;
    const published = [await publish('order', { n: 1 }), await publish('order', { n: 2 }), await publish('order', { n: 3 })];
    await waitFor(async () => (await pendingCount(subscription)) === 3, 'three queued deliveries');

    const first = await open(url);
    const frames = await first.count('event', 3);
    expect(frames.map((f) => f.eventId).sort()).toEqual([...published].sort());
    expect(frames.find((f) => f.eventId === published[0])).toEqual({ kind: 'event', id: expect.any(String), eventId: published[0], type: 'order', data: { n: 1 }, timestamp: expect.any(String), channels: ['c1'], deliveryAttempt: 1 });
    const acked = frames.find((f) => f.eventId === published[0]);
    first.send({ kind: 'ack', ids: [acked.id] });
    await waitFor(async () => (await pendingCount(subscription)) === 2, 'the ack to take effect');
    first.close();
    await first.closedWith();

    const second = await open(url);
    const again = await second.count('event', 2);
    const unacked = frames.filter((f) => f !== acked).map((f) => `${f.id}:2`);
    expect(again.map((f) => `${f.id}:${f.deliveryAttempt}`).sort()).toEqual(unacked.sort());
    second.send({ kind: 'ack', ids: again.map((f) => f.id) });
    await waitFor(async () => (await pendingCount(subscription)) === 0, 'all acked');
    const live = await publish('order', { n: 4 });
    await second.next((f) => f.eventId === live, 'a live event on the open durable connection');
  });

  it('keeps one connection per subscription: a new one closes the older with 1001', async () => {
    const subscription = await websocketSubscription();
    const url = `${stack.wsUrl}?subscription=${subscription}`;
    const older = await open(url);
    const newer = await open(url);
    expect(await older.closedWith()).toEqual({ code: 1001, reason: expect.any(String) });
    const id = await publish('x', {});
    await newer.next((f) => f.eventId === id, 'the event on the newer connection');
    expect(older.of('event')).toEqual([]);
  });

  it('closes 1008 for a subscription of another tenant, of another transport, or unknown; 1001 when deleted', async () => {
    const other = await stack.createTenant('other');
    const theirs = (await stack.api('POST', '/v1/subscriptions', { key: other.apiKey, body: { transport: 'websocket' } })).body.id;
    const pull = await websocketSubscription({ transport: 'pull' });
    for (const id of [theirs, pull, 'not-an-id', '00000000-0000-4000-8000-000000000000']) {
      const client = await WsClient.connect(`${stack.wsUrl}?subscription=${id}`, { credential: tenant.apiKey });
      clients.push(client);
      expect((await client.closedWith()).code).toBe(1008);
      expect(client.of('ready')).toEqual([]);
    }
    const subscription = await websocketSubscription();
    const connected = await open(`${stack.wsUrl}?subscription=${subscription}`);
    expect((await stack.api('DELETE', `/v1/subscriptions/${subscription}`, { key: tenant.apiKey })).status).toBe(204);
    expect((await connected.closedWith()).code).toBe(1001);
  });

  it('takes over across instances and loses no durable message when a gateway is killed with -9', async () => {
    const subscription = await websocketSubscription();
    const port = await freePort();
    const url = (p: number) => `ws://127.0.0.1:${p}/v1/ws?subscription=${subscription}`;
    let instance = await stack.startApp('ws-gateway', { port });
    const onMain = await open(url(stack.ports.get('ws-gateway')!));
    const onOther = await open(url(port));
    expect((await onMain.closedWith()).code).toBe(1001);

    const before = [await publish('k', { n: 1 }), await publish('k', { n: 2 })];
    await onOther.count('event', 2);
    await stack.stopApp(instance, 'SIGKILL');
    const during = [await publish('k', { n: 3 }), await publish('k', { n: 4 })];
    instance = await stack.startApp('ws-gateway', { port });
    try {
      const back = await open(url(port));
      const wanted = [...before, ...during];
      // The killed connection's leases run out (visibilityTimeout 2 s) and come again with a higher attempt.
      const frames = await waitFor(() => {
        const got = new Set(back.of('event').map((f) => f.eventId));
        return wanted.every((id) => got.has(id)) && back.of('event');
      }, 'every event after the restart', 15_000);
      // Each comes again with a raised attempt: 2, or more when its 2 s lease lapsed once more in between
      // (seen about one run in four on this 2-core box; at-least-once allows it).
      const firstRedelivery = (id: string) => Math.min(...frames.filter((f) => f.eventId === id).map((f) => f.deliveryAttempt));
      for (const id of before) expect(firstRedelivery(id)).toBeGreaterThanOrEqual(2);
      back.send({ kind: 'ack', ids: frames.map((f) => f.id) });
      await waitFor(async () => (await pendingCount(subscription)) === 0, 'everything acked');
    } finally {
      await stack.stopApp(instance, 'SIGKILL');
    }
  });
});
