import { CloseInfo, EventFrame, Notification, NotifyClient, NotifyConnection, NotifyInbox, RealtimeMessage } from '@notify-platform/sdk';
import { randomUUID } from 'node:crypto';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';

/** The SDK's WebSocket client against the real ws-gateway, including a gateway restart mid-stream. */
jest.setTimeout(60_000);

const reconnect = { baseDelayMs: 100, maxDelayMs: 800 };

/** Collects whatever the connection's async iterator yields, as an application would. */
function drain(connection: NotifyConnection): { frames: RealtimeMessage[]; done: Promise<void> } {
  const frames: RealtimeMessage[] = [];
  const done = (async () => {
    for await (const frame of connection) frames.push(frame);
  })();
  return { frames, done };
}

describe('SDK: WebSocket client', () => {
  let stack: Stack;
  let client: NotifyClient;
  const connections: NotifyConnection[] = [];

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher', 'ws-gateway'] });
    client = new NotifyClient({ baseUrl: stack.apiUrl, apiKey: (await stack.createTenant()).apiKey, wsUrl: stack.wsUrl });
  });

  afterEach(() => {
    for (const connection of connections.splice(0)) connection.close();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  function track(connection: NotifyConnection): NotifyConnection {
    connections.push(connection);
    return connection;
  }

  async function restartGateway(whileDown: () => Promise<void>): Promise<void> {
    expect(await stack.stopApp('ws-gateway', 'SIGTERM')).toBe(0);
    await whileDown();
    await stack.startApp('ws-gateway');
  }

  it('bad credentials end the connection with 1008 and no reconnect', async () => {
    const closes: CloseInfo[] = [];
    const connection = track(client.connect({ apiKey: 'not_a_valid_key', reconnect }));
    connection.on('close', (info) => closes.push(info));
    const { done } = drain(connection);
    await expect(connection.ready()).rejects.toThrow('1008');
    await done; // the iterator ends
    expect(closes).toEqual([expect.objectContaining({ code: 1008, willReconnect: false })]);
  });

  it('an inbox connection survives a gateway restart and replays what it missed, in order, once', async () => {
    const user = `u-${randomUUID()}`;
    const { token } = await client.users.createToken(user);
    const inbox = new NotifyInbox({ baseUrl: stack.apiUrl, token, wsUrl: stack.wsUrl });
    const connection = track(inbox.connect({ reconnect }));
    const live: Notification[] = [];
    connection.on('notification', (n) => live.push(n));
    const { frames } = drain(connection);
    await connection.ready();

    const first = await client.notifications.create({ user, type: 'note', message: 'before' });
    await waitFor(() => live.length === 1, 'the live notification');
    const readies: string[] = [];
    connection.on('ready', ({ connectionId }) => readies.push(connectionId));

    let missed: string[] = [];
    await restartGateway(async () => {
      missed = await client.notifications.createBulk([1, 2, 3].map((i) => ({ user, type: 'note', message: `while down ${i}` })));
    });
    await waitFor(() => live.length === 4, 'the missed notifications after the reconnect', 20_000);
    expect(readies).toHaveLength(1);
    expect(live.map((n) => n.id)).toEqual([first, ...missed]);
    expect(frames.map((f) => (f.kind === 'notification' ? f.notification.id : f.id))).toEqual([first, ...missed]);
    expect(connection.lastNotificationId).toBe(missed[2]);
  });

  it('a durable subscription loses nothing across a gateway restart: unacked frames come again, acked ones do not', async () => {
    const sub = await client.subscriptions.create({ name: 'live', transport: 'websocket', channels: ['durable'] });
    const connection = track(client.connect({ subscription: sub.id, reconnect }));
    const received: EventFrame[] = [];
    const { done } = drain(connection);
    connection.on('event', (frame) => received.push(frame));
    await connection.ready();

    const before = await client.events.publishBatch([0, 1, 2].map((i) => ({ type: 'tick', payload: { i }, channels: ['durable'] })));
    await waitFor(() => received.length === 3, 'three durable frames');
    const unacked = received.find((f) => f.data.i === 2)!;
    connection.ack(received.filter((f) => f !== unacked).map((f) => f.id));
    await waitFor(async () => (await client.subscriptions.deliveries(sub.id, { status: 'succeeded' })).total === 2, 'two acks to land');

    let during: string[] = [];
    await restartGateway(async () => {
      during = await client.events.publishBatch([3, 4].map((i) => ({ type: 'tick', payload: { i }, channels: ['durable'] })));
    });
    await waitFor(() => received.length >= 6, 'the unacked frame again and the two published while down', 20_000);
    const afterRestart = received.slice(3);
    expect(afterRestart.map((f) => f.eventId).sort()).toEqual([before[2], ...during].sort());
    expect(afterRestart.find((f) => f.eventId === before[2])).toMatchObject({ id: unacked.id, deliveryAttempt: 2 });
    connection.ack(afterRestart.map((f) => f.id));
    await waitFor(async () => (await client.subscriptions.deliveries(sub.id, { status: 'succeeded' })).total === 5, 'every delivery acked');
    expect(received).toHaveLength(6);
    connection.close();
    await done;
  });

  it('an API key without a subscription gets the live event firehose, narrowed by types', async () => {
    const connection = track(client.connect({ types: ['wanted'], reconnect }));
    const events: EventFrame[] = [];
    connection.on('event', (frame) => events.push(frame));
    await connection.ready();
    await client.events.publish({ type: 'unwanted', payload: {} });
    const { id } = await client.events.publish({ type: 'wanted', payload: { ok: true }, channels: ['c'] });
    await waitFor(() => events.length >= 1, 'the firehose event');
    expect(events).toEqual([expect.objectContaining({ kind: 'event', id, eventId: id, type: 'wanted', data: { ok: true }, channels: ['c'] })]);
  });
});
